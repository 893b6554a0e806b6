#!/usr/bin/python3
"""Writes the .pt fixtures of tests/data/fixtures with Debian's python3-torch, the way users'
PyTorch writes them, plus expected.json describing what a correct reader must find.
Run: /usr/bin/python3 tests/python/make_fixtures.py tests/data/fixtures"""
import collections
import json
import os
import sys

import torch

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(7)
expected = {}


def describe(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "sum": float(t.double().sum()), "first": float(t.flatten()[0]) if t.numel() else None}


# 1. A training checkpoint: OrderedDict state dicts (with _metadata), shared storages between
#    net and EMA, Adam state after two steps, x_T, and assorted plain values.
model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8),
                            torch.nn.ReLU(), torch.nn.Conv2d(8, 3, 3, padding=1))
opt = torch.optim.Adam(model.parameters(), lr=2e-4)
for _ in range(2):
    loss = model(torch.randn(4, 3, 8, 8)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
sd = model.state_dict()
ckpt = {"net_model": sd, "ema_model": sd, "optim": opt.state_dict(), "step": 123456789012,
        "x_T": torch.randn(4, 3, 8, 8), "one": {"only": 1}, "single": [2.5], "flag": True,
        "nothing": None, "name": "ünïcode", "neg": -5, "big": 2**40, "blob": b"\x00\x01\xff",
        "nested": {"a": [1, (2, 3)], "b": {"c": torch.arange(3)}}}
torch.save(ckpt, f"{out}/adam_ckpt.pt")
expected["adam_ckpt"] = {
    "net_model": {k: describe(v) for k, v in sd.items()},
    "optim_state_keys": sorted(opt.state_dict()["state"].keys()),
    "optim_state0": {k: describe(v) for k, v in opt.state_dict()["state"][0].items()},
    "lr": 2e-4, "step": 123456789012, "x_T": describe(ckpt["x_T"]), "name": "ünïcode",
    "neg": -5, "big": 2**40}

# 2. Views: offsets and strides into a shared storage.
base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
views = {"t": base.t(), "row": base[2], "col": base[:, 3], "slice": base[1:3, 2:5]}
torch.save(views, f"{out}/views.pt")
expected["views"] = {k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in views.items()}


# 3. Files that must be refused with one clear line.
class Exploit:
    def __reduce__(self):
        return (os.system, ("echo this-must-never-run",))


torch.save({"net_model": collections.OrderedDict(), "payload": Exploit()}, f"{out}/foreign_global.pt")
torch.save(torch.arange(6.0), f"{out}/bare_tensor.pt")
torch.save({"step": 3, "optim": {"state": {}, "param_groups": []}}, f"{out}/no_weights.pt")
torch.save({"a": torch.ones(3)}, f"{out}/legacy.pt", _use_new_zipfile_serialization=False)

# 4. A stand-in for a user's Inception TorchScript: images [N,3,299,299] in [0,1] -> ([N,8], [N,4]).
class TinyFeatures(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 5, stride=4)
        self.head = torch.nn.Linear(8, 4)

    def forward(self, x):
        f = torch.nn.functional.adaptive_avg_pool2d(torch.relu(self.conv(x)), 1).flatten(1)
        return f, self.head(f)


torch.jit.script(TinyFeatures()).save(f"{out}/tiny_torchscript_features.pt")

with open(f"{out}/expected.json", "w") as f:
    json.dump(expected, f, indent=1, ensure_ascii=False)
print("fixtures written to", out)
