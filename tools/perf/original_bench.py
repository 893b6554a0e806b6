"""Times the ORIGINAL Python code on the same weights as `sdm-cli bench`, for docs/performance.md.

Imports SDDPM's Spk_UNet (model/SpikingUNet.py), SDM's Spk_UNet_TSM (SDM/TSM.py) or SDM's converted
S_UNet (ANN2SNN/spiking_model.py) from checkouts of github:AndyCao1125/SDDPM and
github:AndyCao1125/SDM, with spikingjelly 0.0.0.0.14
(github:fangwei123456/spikingjelly at 0f5840d5); nothing of them is copied here. Run with Debian's
/usr/bin/python3 (python3-torch):

    /usr/bin/python3 original_bench.py --sddpm SDDPM --sdm SDM --spikingjelly SJ \
        --checkpoint model.pt --batch 16 [--threads 2] [--repeats 3] [--train-step]

model.pt is a checkpoint the studio wrote (`sdm-cli bench --config ... --save-model model.pt`, or
`sdm-cli convert` for an S_UNet): its weights load strictly into the original class. Prints one JSON line: median forward
(one network evaluation, membranes reset after it as the samplers do), peak RSS, and with
--train-step the median optimizer step of the original trainer's arithmetic (MSE eps loss,
Adam, grad clip 1.0, reset_net).
"""
import argparse
import json
import os
import resource
import sys
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--sddpm", required=True)
p.add_argument("--sdm", required=True)
p.add_argument("--spikingjelly", required=True)
p.add_argument("--checkpoint", required=True)
p.add_argument("--batch", type=int, default=1)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--repeats", type=int, default=3)
p.add_argument("--train-step", action="store_true")
p.add_argument("--train-batch", type=int, default=8)
p.add_argument("--ch-mult", default="", help="for checkpoints without the studio's metadata")
p.add_argument("--num-res-blocks", type=int, default=0)
p.add_argument("--snn-steps", type=int, default=0)
args = p.parse_args()

torch.set_num_threads(args.threads)
sys.path.insert(0, args.spikingjelly)
sys.path.insert(0, args.sddpm)
sys.path.insert(0, os.path.join(args.sdm, "SDM"))
from spikingjelly.activation_based import functional  # noqa: E402

ck = torch.load(args.checkpoint, map_location="cpu")
sd = ck.get("net_model") or ck["ema_model"]  # EMA-only exports
meta = json.loads(ck["sdm_studio"]["json"]) if "sdm_studio" in ck else {}
cfg = dict(meta.get("model", {}))
if args.ch_mult:
    cfg["ch_mult"] = [int(v) for v in args.ch_mult.split(",")]
if args.num_res_blocks:
    cfg["num_res_blocks"] = args.num_res_blocks
if args.snn_steps:
    cfg["snn_timesteps"] = args.snn_steps
converted = any(k.endswith(".act_alpha") for k in sd)
tsm = any(k.endswith(".tsmp") for k in sd)
if converted:
    q = dict(meta.get("quant_model", {}))
    ch = sd["head.weight"].shape[0]
    img_ch = sd["head.weight"].shape[1]  # the original S_UNet's head is RGB only
    ch_mult = cfg.get("ch_mult") or q["ch_mult"]
    nrb = cfg.get("num_res_blocks") or q["num_res_blocks"]
    t_snn = int(cfg.get("snn_timesteps") or q.get("spike_time") or 2 ** q["bit"] - 1)
    sys.path.insert(0, os.path.join(args.sdm, "ANN2SNN"))
    from spiking_model import S_UNet  # noqa: E402
    model = S_UNet(T=1000, ch=ch, ch_mult=ch_mult, num_res_blocks=nrb, dropout=0.1,
                   bit=q.get("bit", 32), spike_time=t_snn)
else:
    ch = sd["conv.tsmconv.weight" if tsm else "conv.weight"].shape[0]
    img_ch = sd["conv.tsmconv.weight" if tsm else "conv.weight"].shape[1]
    t_snn = sd["conv.tsmp"].shape[0] if tsm else int(cfg.get("snn_timesteps", 4))
    ch_mult = cfg["ch_mult"]
    nrb = cfg["num_res_blocks"]
    kw = dict(T=1000, ch=ch, ch_mult=ch_mult, attn=[], num_res_blocks=nrb, dropout=0.1,
              timestep=t_snn, img_ch=img_ch)
    if tsm:
        from TSM import Spk_UNet_TSM  # noqa: E402
        model = Spk_UNet_TSM(**kw, global_thres=1.0)
    else:
        from model.SpikingUNet import Spk_UNet  # noqa: E402
        model = Spk_UNet(**kw)
model.load_state_dict(sd, strict=True)
model.eval()

g = torch.Generator().manual_seed(0)
x = torch.randn(args.batch, img_ch, 32, 32, generator=g)
t = torch.full((args.batch,), 500, dtype=torch.long)


def timed(f):
    a = time.perf_counter()
    f()
    return time.perf_counter() - a


def evaluate():
    with torch.no_grad():
        model(x, t)
    if not converted:  # S_UNet keeps no state between calls
        functional.reset_net(model)


first = timed(evaluate)
ts = sorted(timed(evaluate) for _ in range(args.repeats))
out = {"class": type(model).__name__, "ch": ch, "ch_mult": ch_mult, "num_res_blocks": nrb,
       "snn_steps": t_snn, "batch": args.batch, "threads": torch.get_num_threads(),
       "first_eval_ms": 1e3 * first, "eval_ms": 1e3 * ts[len(ts) // 2]}

if args.train_step and converted:
    sys.exit("--train-step times the Spk_UNet trainer")
if args.train_step:
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=2e-4)
    tb = args.train_batch
    x0 = torch.randn(tb, img_ch, 32, 32, generator=g).clamp(-1, 1)
    betas = torch.linspace(1e-4, 0.02, 1000).double()
    ab = torch.cumprod(1 - betas, 0)

    def step():
        tt = torch.randint(1000, (tb,), generator=g)
        noise = torch.randn(x0.shape, generator=g)
        a = ab[tt].float().view(-1, 1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        loss = torch.nn.functional.mse_loss(model(xt, tt), noise)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        functional.reset_net(model)

    step()
    steps = sorted(timed(step) for _ in range(args.repeats))
    out["train_batch"] = tb
    out["train_step_ms"] = 1e3 * steps[len(steps) // 2]

out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print(json.dumps(out))
