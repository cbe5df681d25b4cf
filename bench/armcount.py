#!/usr/bin/python3
"""ARM instruction counts of one inference: the bundled MobileNetV3-Large and
-Small (224x224, seeded weights) compiled by mnv3c for aarch64 and armv7-neon,
counted under qemu-user by bench/armcount, next to XNNPACK's on the same
inference.

    /usr/bin/python3 bench/armcount.py [--mnv3c build/bin/mnv3c] [--work DIR]

One inference = the program doing 2 inferences minus the same doing 1
(bench/model_main.c runs once, then ITERS more), so start-up cancels.
Instructions are not cycles: see bench/armcount/README.md.
"""
import argparse
import os
import shutil
import subprocess
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ARMCOUNT = os.path.join(ROOT, "bench", "armcount", "armcount.sh")
MODELS = {"mobilenet_v3_large": "MobileNetV3-Large", "mobilenet_v3_small": "MobileNetV3-Small"}
ARCHES = {"aarch64": ("aarch64-linux-gnu-gcc", "aarch64"),
          "armv7-neon": ("arm-linux-gnueabihf-gcc", "armv7 NEON")}

# XNNPACK's figures per inference, measured on this machine with Debian's
# libxnnpack (0.0~git20220216) through its subgraph API, the same inference
# (fp32, batch 1, 224x224), counted with the same kind of qemu plugin as
# 3 inferences minus 2 (weight packing excluded, its NCHW->NHWC input
# transpose included): total, vector FMA instructions, MACs per FMA, loads,
# stores, in millions of instructions.
XNNPACK = {
    ("mobilenet_v3_large", "aarch64"): (93.73, 55.38, 3.91, 18.99, 1.22),
    ("mobilenet_v3_large", "armv7-neon"): (122.38, 54.71, 3.96, 35.53, 4.30),
    ("mobilenet_v3_small", "aarch64"): (29.56, 14.49, 3.90, 6.47, 0.57),
    ("mobilenet_v3_small", "armv7-neon"): (40.44, 14.30, 3.95, 12.20, 2.12),
}

HEADER = ("| model | arch | total | FMA instr | MACs per FMA | loads | stores "
          "| non-FMA share |")


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def build(model, arch, mnv3c, work):
    """mnv3c compile for `arch` and link bench/model_main.c -static."""
    weights = os.path.join(work, model + ".safetensors")
    if not os.path.exists(weights):
        run([sys.executable, os.path.join(ROOT, "tools", "mnv3-export-weights.py"),
             "--torchvision", model, "--seed", "1", "-o", weights], stdout=subprocess.DEVNULL)
    lib = os.path.join(work, model + "-" + arch)
    run([mnv3c, "compile", os.path.join(ROOT, "models", model + ".mnv3"),
         "--weights", weights, "--target", arch, "-o", lib], stdout=subprocess.DEVNULL)
    program = os.path.join(lib, "model")
    run([ARCHES[arch][0], "-O2", "-std=c99", "-static", "-DMODEL=" + model, "-I", lib,
         os.path.join(ROOT, "bench", "model_main.c"), os.path.join(lib, model + ".a"),
         "-o", program])
    return program


def count_one_inference(program, image, work):
    """armcount.sh --diff: (1 + 1 inferences) - (1 inference)."""
    out = os.path.join(work, "out.f32")
    base = "%s %s %s" % (program, image, out)
    text = run([ARMCOUNT, "--diff", "--", base + " 1", base],
               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return {fields[0]: fields[1] for fields in (line.split() for line in text.splitlines())
            if len(fields) >= 2}


def row(model, arch, total, fma, macs_per_fma, loads, stores, extra=""):
    return "| %s | %s | %.2f M | %.2f M | %.2f | %.2f M | %.2f M | %.1f %% |%s" % (
        MODELS[model], ARCHES[arch][1], total, fma, macs_per_fma, loads, stores,
        100 * (total - fma) / total, extra)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mnv3c", default=os.path.join(ROOT, "build", "bin", "mnv3c"))
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                   "mnv3c-armcount-bench"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    # a private copy: build/ may be rebuilt while this runs
    mnv3c = os.path.join(args.work, "mnv3c")
    shutil.copy2(args.mnv3c, mnv3c)
    image = os.path.join(args.work, "in.f32")
    np.random.seed(0)
    np.random.rand(1, 3, 224, 224).astype("float32").tofile(image)

    ours, theirs = [], []
    for model in MODELS:
        for arch in ARCHES:
            c = count_one_inference(build(model, arch, mnv3c, args.work), image, args.work)
            total, fma = int(c["total"]) / 1e6, int(c["fma_vec"]) / 1e6
            x = XNNPACK[(model, arch)]
            ours.append(row(model, arch, total, fma, int(c["fma_lanes"]) / int(c["fma_vec"]),
                            int(c["load"]) / 1e6, int(c["store"]) / 1e6,
                            " %.2f |" % (total / x[0])))
            theirs.append(row(model, arch, *x))
    print("mnv3c, per inference (M = 10^6 instructions):\n")
    print(HEADER + " total mnv3c/XNNPACK |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(ours))
    print("\nXNNPACK (reference figures), per inference:\n")
    print(HEADER)
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
