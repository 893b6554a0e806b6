"""Regenerates the tables of docs/performance.md: the original Python code and the studio's
precision modes side by side, in one run, on the same weights.

    /usr/bin/python3 tools/perf/performance_table.py --cli build/bin/sdm-cli \
        --sddpm SDDPM --sdm SDM --spikingjelly SJ [--threads 2] [--out perf.json] [--quality]

SDDPM, SDM, SJ: checkouts of github:AndyCao1125/SDDPM, github:AndyCao1125/SDM and
github:fangwei123456/spikingjelly at 0f5840d5 (version 0.0.0.0.14), run with Debian's
python3-torch (original_bench.py imports them; nothing is copied into this project).
For each configuration the studio writes a random model with calibrated BatchNorm, or for the
converted S_UNet calibrated clipping values (`sdm-cli bench --config C --save-model`), then the original and every studio mode are timed on
that same file at B = 1 and B = 16, interleaved (original, studio, original, studio) so that a
change of load on this shared machine hits both. Prints the markdown tables.
--quality adds the demo model's scores per mode (`sdm-cli eval`, N = 1000, seed 0, the model
card's settings), which takes long on 2 cores.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

p = argparse.ArgumentParser()
p.add_argument("--cli", default=os.path.join(ROOT, "build/bin/sdm-cli"))
p.add_argument("--sddpm", required=True)
p.add_argument("--sdm", required=True)
p.add_argument("--spikingjelly", required=True)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--configs", default="cifar10-t4,cifar10-tsm-t8,cifar10-converted-t3")
p.add_argument("--batches", default="1,16")
p.add_argument("--rounds", type=int, default=2, help="interleaved rounds per cell (best kept)")
p.add_argument("--out", default="")
p.add_argument("--quality", action="store_true")
p.add_argument("--quality-n", type=int, default=1000)
p.add_argument("--models", default="", help="folder of <config>.pt models to reuse (made when missing)")
args = p.parse_args()


def run_json(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr))
    return json.loads(r.stdout.strip().splitlines()[-1] if cmd[0].endswith("python3") else r.stdout)


def original(ckpt, batch, repeats):
    return run_json(["/usr/bin/python3", os.path.join(HERE, "original_bench.py"), "--sddpm", args.sddpm,
                     "--sdm", args.sdm, "--spikingjelly", args.spikingjelly, "--checkpoint", ckpt,
                     "--batch", str(batch), "--threads", str(args.threads), "--repeats", str(repeats)])


def studio(ckpt, batch, precision, repeats, steps, extra=()):
    # exact at B = 1: one forward on all threads (--micro-batch 0, the original's batching); the
    # default micro-batch 1 gives each image one thread so that it does not depend on its batch.
    # A converted S_UNet always runs the whole batch in one forward, as the original.
    micro = "0" if (precision == "exact" and batch == 1) or "converted" in ckpt else "1"
    return run_json([args.cli, "bench", "--checkpoint", ckpt, "--batch", str(batch), "--precision", precision,
                     "--repeats", str(repeats), "--steps", str(steps), "--threads", str(args.threads), "--json",
                     "--micro-batch", micro] + ([] if steps else ["--no-studio-path"]) + list(extra))


MODES = ["exact", "exact-dense", "fast", "bf16", "int8"]
results = {"threads": args.threads, "configs": {}}
tmp = tempfile.mkdtemp(prefix="sdm-perf-")
for config in args.configs.split(","):
    ckpt = os.path.join(args.models or tmp, config + ".pt")
    if not os.path.exists(ckpt):
        subprocess.run([args.cli, "bench", "--config", config, "--save-model", ckpt, "--precision", "fast",
                        "--repeats", "1", "--steps", "0", "--no-studio-path", "--json"], check=True,
                       capture_output=True)
    cells = {}
    for batch in [int(b) for b in args.batches.split(",")]:
        repeats = 3 if batch == 1 else 1
        best_orig, best_modes = None, {}
        for _ in range(args.rounds):
            o = original(ckpt, batch, repeats)
            if best_orig is None or o["eval_ms"] < best_orig["eval_ms"]:
                best_orig = o
            # one process per mode: peak RSS is per mode
            # exact-dense: exact without the event-driven spike convs (the dense convs the
            # original runs), the A/B of that kernel in the same run.
            for mode in MODES:
                try:
                    if mode == "exact-dense":
                        s = studio(ckpt, batch, "exact", repeats, 0, ["--dense-convs"])
                    else:
                        s = studio(ckpt, batch, mode, repeats, 0)
                except SystemExit as e:
                    best_modes.setdefault(mode, {"unavailable": str(e).splitlines()[-1]})
                    continue
                m = s["modes"][0]
                m["cpu"] = s["cpu"]
                if mode not in best_modes or "eval_ms" not in best_modes[mode] or m["eval_ms"] < best_modes[mode]["eval_ms"]:
                    best_modes[mode] = m
        cells[batch] = {"original": best_orig, "studio": best_modes}
        print(config, batch, json.dumps(cells[batch]), file=sys.stderr)
    # Interactive: 4 images, DDIM 20, the studio path, fastest mode available.
    inter = {}
    for mode in ["fast", "int8", "bf16"]:
        try:
            inter[mode] = studio(ckpt, 4, mode, 1, 20)["modes"][0]
        except SystemExit as e:
            inter[mode] = {"unavailable": str(e).splitlines()[-1]}
    results["configs"][config] = {"cells": cells, "interactive": inter}

if args.quality:
    demo = os.path.join(ROOT, "resources/models/demo.pt")
    q = {}
    for mode in ["exact", "fast", "bf16", "int8"]:
        out = os.path.join(tmp, "eval-%s.jsonl" % mode)
        r = subprocess.run([args.cli, "eval", "--checkpoint", demo, "--solver", "ddim", "--steps", "50",
                            "--rederive-eps", "--threshold", "0.95", "--n", str(args.quality_n), "--seed", "0",
                            "--precision", mode, "--out-json", out, "--threads", str(args.threads)],
                           capture_output=True, text=True)
        q[mode] = (json.loads(open(out).read().splitlines()[-1]) if r.returncode == 0
                   else {"unavailable": r.stderr.strip()})
    results["quality"] = q

if args.out:
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)


def fmt_ratio(orig_ms, ms):
    return "%.2f×" % (orig_ms / ms)


print("| config | B | original | " + " | ".join(MODES) + " |")
print("|---|---|---|" + "---|" * len(MODES))
for config, r in results["configs"].items():
    for batch, cell in r["cells"].items():
        o = cell["original"]["eval_ms"]
        row = ["%s" % config, str(batch), "%.0f ms, %.0f MB" % (o, cell["original"]["peak_rss_mb"])]
        for mode in MODES:
            m = cell["studio"].get(mode, {})
            if "eval_ms" not in m:
                row.append("n/a")
            else:
                row.append("%.0f ms **%s**, %.0f%% of peak, %.0f MB" % (m["eval_ms"], fmt_ratio(o, m["eval_ms"]),
                                                                    100 * m["peak_fraction"], m["peak_rss_mb"]))
        print("| " + " | ".join(row) + " |")

print()
print("| config | mode | one evaluation (B = 4) | DDIM 20 without frames | studio path, cold: first frame / total | warm: first frame / total |")
print("|---|---|---|---|---|---|")
for config, r in results["configs"].items():
    for mode, m in r["interactive"].items():
        if "studio_total_s" not in m:
            continue
        print("| %s | %s | %.0f ms | %.2f s | %.0f ms / %.2f s | %.0f ms / %.2f s |" % (
            config, mode, m["eval_ms"], m["run_s"], m["studio_first_frame_ms"], m["studio_total_s"],
            m.get("studio_warm_first_frame_ms", float("nan")), m.get("studio_warm_total_s", float("nan"))))
