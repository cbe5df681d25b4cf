#!/usr/bin/python3
"""Times PyTorch (Debian python3-torch) on a seeded random torchvision
MobileNetV3, batch 1, fp32, as a benchmark peer of mnv3c.

    torch_bench.py --model large --seed 7 --input IN.f32 --output OUT.f32
                   --variant {eager,frozen} --threads N --iters N --seconds S

eager: the nn.Module in eval mode under no_grad; frozen: traced and
torch.jit.freeze'd (BatchNorm folded, the fastest correct variant of torch
1.13 here). Writes the logits as raw f32 and prints one JSON line."""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import mnv3_torch  # noqa: E402  (the tools directory is not a package)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--variant", choices=["eager", "frozen"], default="eager")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--iters", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="stop timing after this long (at least 20 runs)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    model, resolution, _ = mnv3_torch.build_random(args.model, args.seed)
    x = torch.from_numpy(np.fromfile(args.input, np.float32).reshape(
        1, 3, resolution, resolution))
    with torch.no_grad():
        if args.variant == "frozen":
            model = torch.jit.freeze(torch.jit.trace(model, x))
        model(x).numpy().astype(np.float32).tofile(args.output)
        for _ in range(5):
            model(x)
        times = []
        deadline = time.perf_counter() + args.seconds
        while len(times) < args.iters and (len(times) < 20 or time.perf_counter() < deadline):
            start = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(json.dumps({"engine": "torch-" + args.variant, "threads": args.threads,
                      "median": pick(0.5), "p10": pick(0.1), "p90": pick(0.9),
                      "min": times[0], "runs": len(times)}))


if __name__ == "__main__":
    sys.exit(main())
