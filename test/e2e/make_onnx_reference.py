#!/usr/bin/python3
"""make_reference.py's seeded random model and torchvision's answer for it,
plus that same model exported to ONNX, for the ONNX e2e tests:

    make_onnx_reference.py --model {large,small} --seed N --opset K --out DIR

DIR holds make_reference.py's files (input.f32, logits.f32, the weights as
safetensors, meta.json) and DIR/<arch>.onnx (mobilenet_v3_large.onnx, ...,
named like the spec's model so both compile to the same symbols), written
by torch.onnx.export in eval mode at opset K with input "input" [1, 3, H, W]
and output "logits". Needs /usr/bin/python3 (torch 1.13, torchvision 0.14).
"""

import argparse
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import make_reference  # noqa: E402
import mnv3_torch  # noqa: E402


def export_onnx(model, resolution, opset, path):
    x = torch.zeros(1, 3, resolution, resolution)
    torch.onnx.export(model.eval(), x, path, opset_version=opset,
                      input_names=["input"], output_names=["logits"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, choices=["large", "small"])
    parser.add_argument("--seed", type=int, required=True, help="weights seed")
    parser.add_argument("--opset", type=int, required=True)
    parser.add_argument("--out", required=True, metavar="DIR")
    args = parser.parse_args(argv)
    make_reference.main(["--model", args.model, "--seed", str(args.seed),
                         "--out", args.out])
    torch.set_num_threads(1)
    model, resolution, arch = mnv3_torch.build_random(args.model, args.seed)
    export_onnx(model, resolution, args.opset,
                os.path.join(args.out, arch + ".onnx"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
