"""Reference outputs of SDM's original ANN2SNN code for a tiny model (the tests' golden).

Run with Debian's /usr/bin/python3 (python3-torch) and a checkout of github:AndyCao1125/SDM:
    /usr/bin/python3 make_golden.py --sdm-repo /path/to/SDM --out .
It imports the original `model.py` (quantized-ReLU UNet) and `spiking_model.py` (S_UNet) from
the checkout; nothing of them is copied here. Weights are the constructors' initialisation,
then spread out (thresholds 0.3-1.5, unit-gain tail, random biases and norms) so that every
layer quantizes and fires non-trivially.
"""
import argparse
import os
import sys

import torch

p = argparse.ArgumentParser()
p.add_argument("--sdm-repo", required=True)
p.add_argument("--out", default=".")
args = p.parse_args()
sys.path.insert(0, os.path.join(args.sdm_repo, "ANN2SNN"))
from model import UNet  # noqa: E402
from spiking_model import S_UNet  # noqa: E402

torch.manual_seed(0)
cfg = dict(T=1000, ch=32, ch_mult=[1, 2], num_res_blocks=1, dropout=0.1)
BIT = 2
ann = UNet(bit=BIT, **cfg)
with torch.no_grad():
    for name, p in ann.named_parameters():
        if name.endswith("act_alpha"):
            p.copy_(torch.empty(()).uniform_(0.3, 1.5))
        elif "timembedding.0" in name:
            continue
        elif p.dim() == 1 and (".0.weight" in name):  # GroupNorm scale
            p.copy_(1 + 0.1 * torch.randn_like(p))
        elif p.dim() == 1:
            p.copy_(0.05 * torch.randn_like(p))
        elif p.dim() >= 2:
            torch.nn.init.xavier_uniform_(p)
ann.eval()
sd = ann.state_dict()
torch.save({"net_model": sd, "ema_model": sd, "step": 0}, os.path.join(args.out, "tiny_ann_ckpt.pt"))
with open(os.path.join(args.out, "flagfile.txt"), "w") as f:
    f.write("--bit=%d\n--ch=32\n--img_size=16\n" % BIT)

# The conversion as SNN_conversion.py does it (key mapping, strict=False) and its file.
snn = S_UNet(bit=BIT, spike_time=2 ** BIT - 1, **cfg)
mapped = {}
for key, v in sd.items():
    parts = key.split(".")
    if "main" in key or "shortcut" in key or "head" in key:
        mapped[key] = v
    else:
        parts.insert(-2, "block")
        mapped[".".join(parts)] = v
missing, unexpected = snn.load_state_dict(mapped, strict=False)
assert not missing and not unexpected, (missing, unexpected)
snn.eval()
torch.save({"ema_model": snn.state_dict()}, os.path.join(args.out, "tiny_converted_snn.pt"))

g = torch.Generator().manual_seed(1)
x = torch.randn(3, 3, 16, 16, generator=g)
t = torch.tensor([999, 500, 20])
with torch.no_grad():
    ann_eps = ann(x, t)
    snn_eps = snn(x, t)
torch.save({"x": x, "t": t, "ann_eps": ann_eps, "snn_eps": snn_eps}, os.path.join(args.out, "tiny_ann2snn_io.pt"))
print("ann |eps| %.4f, snn |eps| %.4f, relative difference %.4f" % (
    ann_eps.norm(), snn_eps.norm(), (snn_eps - ann_eps).norm() / ann_eps.norm()))
