"""Reference run of SDM's block-wise SNN fine-tuning (ANN2SNN/SNN_ft.py) on a tiny model.

Run with Debian's /usr/bin/python3 (python3-torch) and a checkout of github:AndyCao1125/SDM:
    /usr/bin/python3 make_finetune_golden.py --sdm-repo /path/to/SDM --out .
It imports SNN_ft.py, model.py and spiking_model.py from the checkout and runs their
`fine_tune()` unchanged (nothing of them is copied here). What it needs around the arithmetic
is stood in for: absl flags (set below), torchvision / tqdm / score (not installed with
python3-torch; only data loading, progress bars and FID use them), the device (CPU), the
data (fixed batches, recorded), and `torch.randint` (its draws of t are recorded).

SNN_ft.py hard-codes the block lists of a 4-level, 2-ResBlock U-Net, so the tiny model keeps
that shape: ch 64, ch_mult [1,1,1,1], 16x16 RGB images. Smaller is degenerate: at ch 32 GroupNorm
(32 groups) normalises each channel alone and cancels the conv and temb_proj biases before it, at
8x8 the 1x1 bottom leaves
GroupNorm one value per group: its gradient is rounding noise, which Adam turns into full steps). Dropout 0 (the tuner stays in training
mode in the original, so its masks would draw random numbers the test cannot replay).
"""
import argparse
import os
import sys
import tempfile
import types

import torch

p = argparse.ArgumentParser()
p.add_argument("--sdm-repo", required=True)
p.add_argument("--out", default=".")
args = p.parse_args()


# --- stand-ins for the imports fine-tuning does not compute with -------------------------
class _Flags:
    pass


FLAGS = _Flags()


def _define(name, default, *rest, **kw):
    setattr(FLAGS, name, default)


absl = types.ModuleType("absl")
absl.flags = types.ModuleType("absl.flags")
for kind in ("bool", "integer", "float", "string", "enum", "multi_integer"):
    setattr(absl.flags, "DEFINE_" + kind, _define)
absl.flags.FLAGS = FLAGS
absl.app = types.ModuleType("absl.app")
sys.modules.update({"absl": absl, "absl.flags": absl.flags, "absl.app": absl.app})

tv = types.ModuleType("torchvision")
tv.datasets = types.ModuleType("torchvision.datasets")
tv.datasets.CIFAR10 = None  # replaced below
tv.utils = types.ModuleType("torchvision.utils")
tv.utils.make_grid = tv.utils.save_image = None
tv.transforms = types.ModuleType("torchvision.transforms")
for name in ("Compose", "RandomHorizontalFlip", "ToTensor", "Normalize"):
    setattr(tv.transforms, name, lambda *a, **k: None)
sys.modules.update({"torchvision": tv, "torchvision.datasets": tv.datasets,
                    "torchvision.utils": tv.utils, "torchvision.transforms": tv.transforms})

losses = []


class _Bar:
    def __init__(self, n, **kw):
        self.n = n

    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False

    def __iter__(self):
        return iter(range(self.n))

    def set_postfix(self, loss):
        losses.append(float(loss))


tqdm = types.ModuleType("tqdm")
tqdm.trange = _Bar
sys.modules["tqdm"] = tqdm
score = types.ModuleType("score")
score.both = types.ModuleType("score.both")
score.both.get_inception_and_fid_score = None
sys.modules.update({"score": score, "score.both": score.both})

sys.path.insert(0, os.path.join(args.sdm_repo, "ANN2SNN"))
import SNN_ft  # noqa: E402
from model import UNet  # noqa: E402

# --- the tiny model: constructor initialisation, then spread so that every layer fires -----
BIT, STEPS, BATCH, SIZE = 2, 1, 2, 16
cfg = dict(T=1000, ch=64, ch_mult=[1, 1, 1, 1], num_res_blocks=2, dropout=0.0)
torch.manual_seed(0)
ann = UNet(bit=BIT, **cfg)
with torch.no_grad():
    for name, prm in ann.named_parameters():
        if name.endswith("act_alpha"):
            prm.copy_(torch.empty(()).uniform_(0.3, 1.5))
        elif "timembedding.0" in name:
            continue
        elif prm.dim() == 1 and ".0.weight" in name:  # GroupNorm scale
            prm.copy_(1 + 0.1 * torch.randn_like(prm))
        elif prm.dim() == 1:
            prm.copy_(0.05 * torch.randn_like(prm))
        else:
            torch.nn.init.xavier_uniform_(prm)
logdir = tempfile.mkdtemp()
sd = ann.state_dict()
torch.save({"net_model": sd, "ema_model": sd, "step": 0}, os.path.join(logdir, "ckpt.pt"))
torch.save({"net_model": sd, "ema_model": sd, "step": 0},
           os.path.join(args.out, "tiny_ft_ann_ckpt.pt"))

for k, v in dict(ch=64, ch_mult=[1, 1, 1, 1], num_res_blocks=2, dropout=0.0, bit=float(BIT),
                 T=1000, lr=2e-4, ft_steps=STEPS, img_size=SIZE, batch_size=BATCH,
                 num_workers=0, save_step=10 ** 9, logdir=logdir, parallel=False).items():
    setattr(FLAGS, k, v)
SNN_ft.device = torch.device("cpu")

g = torch.Generator().manual_seed(7)
batches = []


def _loop(_loader):
    while True:
        x = torch.rand(BATCH, 3, SIZE, SIZE, generator=g) * 2 - 1
        batches.append(x)
        yield x


SNN_ft.infiniteloop = _loop
SNN_ft.CIFAR10 = lambda **kw: [(torch.zeros(3, SIZE, SIZE), 0)] * BATCH

ts = []
_randint = torch.randint


def _recording_randint(*a, **kw):
    out = _randint(*a, **kw)
    ts.append(out.clone())
    return out


torch.randint = _recording_randint
snns = []


class _RecordedSUNet(SNN_ft.S_UNet):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        snns.append(self)


SNN_ft.S_UNet = _RecordedSUNet
torch.manual_seed(1)
SNN_ft.fine_tune()
torch.randint = _randint

snn = snns[0]
n_steps = len(losses)
assert len(batches) == n_steps and len(ts) == n_steps, (len(batches), len(ts), n_steps)
torch.save({"x": torch.stack(batches), "t": torch.stack(ts), "loss": torch.tensor(losses, dtype=torch.float64),
            "snn": {k: v.clone() for k, v in snn.state_dict().items()},
            "steps_per_block": STEPS, "bit": BIT},
           os.path.join(args.out, "tiny_finetune_golden.pt"))
print("steps %d, first losses %s, last %s" % (n_steps, losses[:4], losses[-3:]))
