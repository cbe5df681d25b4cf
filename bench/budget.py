#!/usr/bin/python3
"""The memory budget table of docs/firmware.md: code, weights, scratch and
stack of the bundled models, as `mnv3c compile --freestanding` reports them
(NAME.report.json) for each target.

    /usr/bin/python3 bench/budget.py [--mnv3c build/bin/mnv3c] [--work DIR]

Weights are seeded random (tools/mnv3-export-weights.py); sizes do not depend
on their values.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODELS = ["mobilenet_v3_large", "mobilenet_v3_small"]
TARGETS = ["host", "x86-64-avx2", "aarch64", "armv7-neon"]


def kib(n):
    return "%.1f KiB" % (n / 1024)


def mib(n):
    return "%.2f MiB" % (n / 1024 / 1024)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mnv3c", default=os.path.join(ROOT, "build", "bin", "mnv3c"))
    ap.add_argument("--work", default="/tmp/mnv3c-budget")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rows = []
    for model in MODELS:
        weights = os.path.join(args.work, model + ".safetensors")
        if not os.path.exists(weights):
            subprocess.run([sys.executable, os.path.join(ROOT, "tools", "mnv3-export-weights.py"),
                            "--torchvision", model, "--seed", "1", "-o", weights],
                           check=True, stdout=subprocess.DEVNULL)
        for target in TARGETS:
            out = os.path.join(args.work, model + "-" + target)
            subprocess.run([args.mnv3c, "compile", os.path.join(ROOT, "models", model + ".mnv3"),
                            "--weights", weights, "--target", target, "--freestanding",
                            "-o", out], check=True, stdout=subprocess.DEVNULL)
            r = json.load(open(os.path.join(out, model + ".report.json")))
            rows.append("| %s | %s (`%s`) | %s | %s | %s | %s B |" % (
                model, target, r["target"], kib(r["code_bytes"]), mib(r["weight_bytes"]),
                mib(r["scratch_bytes"]), "{:,}".format(r["stack_bytes"])))
    print("| model | target (Halide target) | code | weights | scratch | stack |")
    print("|---|---|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
