#!/usr/bin/python3
"""Loads a studio-written S_UNet checkpoint (convert, finetune-snn) with Python's torch.load, as
users do, and checks that ema_model has exactly the key set, order, shapes and dtypes of the
original S_UNet state_dict recorded in a golden file (made by running SDM's own code). With
SDM_REPO pointing at a checkout of github:AndyCao1125/SDM, it also loads strictly into its
ANN2SNN S_UNet built from the checkpoint's metadata."""
import json
import os
import sys

import torch

path, golden_path = sys.argv[1:3]
ckpt = torch.load(path, map_location="cpu")
assert isinstance(ckpt, dict), type(ckpt)
sd = ckpt["ema_model"]
golden = torch.load(golden_path, map_location="cpu")
want = golden["snn"] if "snn" in golden else golden["ema_model"]
assert list(sd.keys()) == list(want.keys()), "key set/order differs from the original S_UNet"
for name, ref in want.items():
    t = sd[name]
    assert isinstance(t, torch.Tensor), name
    assert t.shape == ref.shape, (name, list(t.shape), list(ref.shape))
    assert t.dtype == ref.dtype, (name, t.dtype, ref.dtype)
meta = json.loads(ckpt["sdm_studio"]["json"])["quant_model"]
repo = os.environ.get("SDM_REPO")
if repo:
    sys.path.insert(0, os.path.join(repo, "ANN2SNN"))
    from spiking_model import S_UNet  # noqa: E402

    net = S_UNet(T=meta["T"], ch=meta["ch"], ch_mult=meta["ch_mult"],
                 num_res_blocks=meta["num_res_blocks"], dropout=0.1, bit=meta["bit"],
                 spike_time=meta["spike_time"])
    print("strict load into SDM's S_UNet:", net.load_state_dict(sd, strict=True))
print("OK", len(sd), "tensors, S_UNet T =", meta["spike_time"])
