#!/usr/bin/python3
"""Loads a checkpoint written by `sdm-cli train` / `finetune-tsm` the way a PyTorch user would:
torch.load, strict load_state_dict of net_model and ema_model into a module tree with the
original Spk_UNet / Spk_UNet_TSM structure, and the optimizer state into torch.optim.Adam built
over model.parameters() (one group; for TSM two: weights, then the tsmp gains), then one step."""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import spk_unet_mirror  # noqa: E402

path = sys.argv[1]
ckpt = torch.load(path, map_location="cpu")
for key in ("net_model", "optim", "step", "x_T"):
    assert key in ckpt, "missing " + key
assert isinstance(ckpt["step"], int)
meta = json.loads(ckpt["sdm_studio"]["json"])["model"]
model = spk_unet_mirror.build(meta)
print("net_model:", model.load_state_dict(ckpt["net_model"], strict=True))
if "ema_model" in ckpt:
    print("ema_model:", spk_unet_mirror.build(meta).load_state_dict(ckpt["ema_model"], strict=True))
model.time_embedding.timembedding[0].weight.requires_grad_(False)  # from_pretrained(freeze=True)

named = list(model.named_parameters())
if meta["tsm"]:
    groups = [{"params": [p for n, p in named if not n.endswith(".tsmp")]},
              {"params": [p for n, p in named if n.endswith(".tsmp")]}]
else:
    groups = [{"params": [p for _, p in named]}]
opt = torch.optim.Adam(groups, lr=1e-4)
opt.load_state_dict(ckpt["optim"])
trainable = [p for _, p in named if p.requires_grad]
assert len(opt.state) == len(trainable), (len(opt.state), len(trainable))
for p in trainable:
    s = opt.state[p]
    assert s["exp_avg"].shape == p.shape and s["exp_avg_sq"].shape == p.shape
    assert int(s["step"]) == ckpt["step"], (int(s["step"]), ckpt["step"])
    p.grad = torch.randn_like(p)
opt.step()
assert torch.isfinite(torch.cat([p.detach().flatten() for p in trainable])).all()
print("OK", len(ckpt["net_model"]), "tensors,", len(opt.param_groups), "group(s), step", ckpt["step"])
