#!/usr/bin/python3
"""Checks `mnv3c bench --json` output against torchvision's model:

    check_bench.py BENCH.json --model {large,small}

- every layer of the model (features.N, avgpool, each classifier Linear)
  has at least one stage, and no stage names another layer;
- the MACs add up to torchvision's conv and linear MACs within 1 % (mnv3c
  also counts the pools' adds and the SE gate's multiplies);
- every time and the FMA peak are positive and finite. Times are not
  compared with each other or with the peak: on a shared machine the peak
  measured under load has come out at a third of its usual value.
Prints what it checked; exits 1 on the first failure.
"""
import argparse
import json
import math
import sys

import torch
import torchvision


def torch_layers_and_macs(model):
    macs = [0]

    def count(module, inputs, output):
        if isinstance(module, torch.nn.Conv2d):
            kh, kw = module.kernel_size
            macs[0] += output.numel() * module.in_channels // module.groups * kh * kw
        elif isinstance(module, torch.nn.Linear):
            macs[0] += module.in_features * module.out_features

    for m in model.modules():
        m.register_forward_hook(count)
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    layers = ["features.%d" % i for i in range(len(model.features))] + ["avgpool"]
    layers += ["classifier.%d" % i for i, m in enumerate(model.classifier)
               if isinstance(m, torch.nn.Linear)]
    return layers, macs[0]


def fail(message):
    print("check_bench: FAIL: " + message)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench_json")
    ap.add_argument("--model", choices=["large", "small"], required=True)
    args = ap.parse_args()
    build = {"large": torchvision.models.mobilenet_v3_large,
             "small": torchvision.models.mobilenet_v3_small}[args.model]
    layers, macs = torch_layers_and_macs(build())
    with open(args.bench_json) as f:
        bench = json.load(f)

    seen = [s["layer"] for s in bench["stages"]]
    missing = [l for l in layers if l not in seen]
    extra = sorted(set(seen) - set(layers))
    if missing or extra:
        fail("layers missing %s, unknown %s" % (missing, extra))
    total = sum(s["macs"] for s in bench["stages"])
    if total != bench["macs"]:
        fail("stage MACs sum to %d, total says %d" % (total, bench["macs"]))
    if not abs(total - macs) <= 0.01 * macs:
        fail("%d MACs, torchvision counts %d" % (total, macs))
    peak = bench["fma_peak_per_second"]
    timed = [("whole call", bench["whole"]["median_seconds"], total)]
    timed += [(s["function"], s["median_seconds"], s["macs"]) for s in bench["stages"]]
    if not (math.isfinite(peak) and peak > 0):
        fail("FMA peak %r" % peak)
    for name, seconds, _ in timed:
        if not (math.isfinite(seconds) and seconds > 0):
            fail("%s: time %r" % (name, seconds))
    print("check_bench: %d layers in %d stages, %d MACs (torchvision %d), "
          "%d times positive"
          % (len(layers), len(bench["stages"]), total, macs, len(timed)))


if __name__ == "__main__":
    main()
