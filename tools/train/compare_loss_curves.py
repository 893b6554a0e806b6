#!/usr/bin/env python3
"""Loss curves of training runs side by side: mean loss per window of steps, from each run
folder's metrics.jsonl (sdm-cli train). Used for `train --precision bf16` against fp32
(docs/training.md): a bf16 run is within noise when its curve is as close to the fp32 run of
the same seed as two fp32 runs of different seeds are to each other.

  compare_loss_curves.py --window 50 fp32_s7=runs/fp32_s7 bf16_s7=runs/bf16_s7 \
      fp32_s8=runs/fp32_s8 bf16_s8=runs/bf16_s8 --pairs fp32_s7:bf16_s7,fp32_s8:bf16_s8,fp32_s7:fp32_s8
"""
import argparse
import json
import os
import sys


def losses(folder):
    path = os.path.join(folder, "metrics.jsonl")
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r["loss"] for r in sorted(rows, key=lambda r: r["step"])]


def windows(values, size):
    return [sum(values[i:i + size]) / len(values[i:i + size]) for i in range(0, len(values), size)]


def standard_errors(values, size):
    """Of each window's mean, from the step-to-step scatter (each step draws its own t and noise)."""
    out = []
    for i in range(0, len(values), size):
        w = values[i:i + size]
        m = sum(w) / len(w)
        var = sum((v - m) ** 2 for v in w) / max(1, len(w) - 1)
        out.append((var / len(w)) ** 0.5)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", help="NAME=RUN_FOLDER")
    ap.add_argument("--window", type=int, default=50, help="steps per window")
    ap.add_argument("--pairs", default="", help="NAME:NAME,... whose differences to report")
    a = ap.parse_args()
    curves, errors = {}, {}
    for item in a.runs:
        name, _, folder = item.partition("=")
        if not folder:
            sys.exit(f"{item}: expected NAME=RUN_FOLDER")
        curves[name] = windows(losses(folder), a.window)
        errors[name] = standard_errors(losses(folder), a.window)
    n = min(len(c) for c in curves.values())
    names = list(curves)
    pairs = [p.split(":") for p in a.pairs.split(",") if p]
    head = ["steps"] + names + [f"{x} − {y}" for x, y in pairs]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for w in range(n):
        cells = [f"{w * a.window + 1}–{(w + 1) * a.window}"]
        cells += [f"{curves[k][w]:.4f}" for k in names]
        cells += [f"{curves[x][w] - curves[y][w]:+.4f}" for x, y in pairs]
        print("| " + " | ".join(cells) + " |")
    for x, y in pairs:
        tail = range(n // 2, n)  # the second half: past the warmup and the steep fall
        mean_abs = sum(abs(curves[x][w] - curves[y][w]) for w in tail) / len(tail)
        noise = sum((errors[x][w] ** 2 + errors[y][w] ** 2) ** 0.5 for w in tail) / len(tail)
        print(f"{x} vs {y}: mean |difference| over the second half's windows {mean_abs:.4f} "
              f"(standard error of a difference of two window means: {noise:.4f})")


if __name__ == "__main__":
    main()
