#!/usr/bin/python3
"""Loads a studio-written checkpoint with Python's torch.load (as users do) and checks that
net_model has exactly the original Spk_UNet key set, order, shapes and dtypes listed in the golden
manifest, and loads strictly into a module tree of the same structure."""
import json
import sys

import torch

path, manifest_path, config = sys.argv[1:4]
ckpt = torch.load(path, map_location="cpu")
assert isinstance(ckpt, dict), type(ckpt)
sd = ckpt["net_model"]
assert isinstance(sd, dict)
want = json.load(open(manifest_path))["configs"][config]["state_dict"]
assert list(sd.keys()) == [k for k, _, _ in want], "key set/order differs"
for name, shape, dtype in want:
    t = sd[name]
    assert isinstance(t, torch.Tensor), name
    assert list(t.shape) == shape, (name, list(t.shape), shape)
    assert str(t.dtype) == "torch." + dtype, (name, t.dtype, dtype)
# Strict loading into a module tree of the original structure (see spk_unet_mirror.py).
sys.path.insert(0, __import__("os").path.dirname(__file__))
import spk_unet_mirror  # noqa: E402
meta = json.loads(ckpt["sdm_studio"]["json"])["model"] if "sdm_studio" in ckpt else None
if meta is None or "ch" not in meta:
    kw = json.load(open(manifest_path))["configs"][config]["constructor_kwargs"]
    meta = dict(kw, tsm="global_thres" in kw, snn_timesteps=kw["timestep"])
result = spk_unet_mirror.build(meta).load_state_dict(sd, strict=True)
print("strict load:", result)
if "step" in ckpt:
    assert isinstance(ckpt["step"], int)
if "x_T" in ckpt:
    assert isinstance(ckpt["x_T"], torch.Tensor)
print("OK", len(sd), "tensors")
