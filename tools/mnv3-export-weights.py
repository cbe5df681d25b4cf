#!/usr/bin/python3
"""Writes the weights of a torchvision MobileNetV3, MobileNetV2,
EfficientNet or MNASNet as a .safetensors file for mnv3c: tensor names are
torchvision's state_dict names (features.0.0.weight,
features.1.block.0.0.weight, features.4.block.2.fc1.weight,
classifier.0.bias, ...; MobileNetV2: features.1.conv.0.0.weight, ...;
EfficientNet: features.2.1.block.0.0.weight, ...; MNASNet: layers.0.weight,
layers.8.0.layers.0.weight, ...; docs/spec-language.md,
"Weight names"), data
F32 (or F16 with --f16), little-endian, C order, in state_dict order.

  mnv3-export-weights.py --torchvision mobilenet_v3_large --seed 7 -o w.safetensors
  mnv3-export-weights.py --torchvision mobilenet_v2 --seed 7 -o w.safetensors
  mnv3-export-weights.py --torchvision efficientnet_b0 --seed 7 -o w.safetensors
  mnv3-export-weights.py --state-dict model.pth -o w.safetensors

--torchvision builds the model with seeded random weights (see randomize():
BatchNorm is *not* left at its identity defaults, so a compiler that drops or
mis-folds it is caught). Besides torchvision's mobilenet_v3_large,
mobilenet_v3_small, mobilenet_v2, efficientnet_b0 and mnasnet1_0 it knows
tinynet_r08_w09_d08 (EfficientNet-B0 at width 0.9, depth 0.8, as
models/tinynet_r08_w09_d08.mnv3 describes it), and large-minimal and
custom075, the extra test models of test/e2e/make_reference.py (see their
builders in mnv3_torch.py).

Metadata (all strings, as the format requires): format=pt, source, arch
(--torchvision only), seed, bn_eps (torchvision's MobileNetV3 uses 0.001,
MobileNetV2, EfficientNet-B0..B7 and MNASNet 1e-5; a state_dict does not record it, so --bn-eps sets it),
dtype, and
num_batches_tracked=dropped|kept.

num_batches_tracked (I64 scalars, unused in eval mode) are dropped unless
--keep-num-batches-tracked. A "module." prefix (DataParallel) is stripped.
A .pth is loaded with torch.load(weights_only=True), so no code in it runs;
a pickled nn.Module needs --trust-pickle.

Needs /usr/bin/python3 with torch, torchvision and numpy. Runs on one thread,
so the same arguments give a byte-identical file.
"""
import argparse
import os
import sys

import torch

from mnv3_torch import (ExportError, bn_eps_of, build_random, export_tensors,
                        load_state_dict, write_safetensors)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Examples:\n"
               "  %(prog)s --torchvision mobilenet_v3_large --seed 7 -o w.safetensors\n"
               "  %(prog)s --state-dict model.pth --f16 -o w.safetensors",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument("--torchvision", metavar="MODEL",
                     help="build MODEL with seeded random weights: "
                          "mobilenet_v3_large, mobilenet_v3_small (or large, "
                          "small), mobilenet_v2, efficientnet_b0, "
                          "tinynet_r08_w09_d08, mnasnet1_0, large-minimal, "
                          "custom075")
    src.add_argument("--state-dict", metavar="FILE.pth",
                     help="convert a saved state_dict (or checkpoint/model)")
    parser.add_argument("--seed", type=int, help="seed for --torchvision (required there)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.safetensors")
    parser.add_argument("--f16", action="store_true", help="store floats as F16")
    parser.add_argument("--keep-num-batches-tracked", action="store_true",
                        help="keep BatchNorm's num_batches_tracked (I64)")
    parser.add_argument("--trust-pickle", action="store_true",
                        help="let --state-dict unpickle arbitrary objects (a "
                             "whole nn.Module); this can run code from the file")
    parser.add_argument("--bn-eps", type=float, default=None,
                        help="BatchNorm eps recorded in the metadata for "
                             "--state-dict (default 0.001, MobileNetV3's; "
                             "MobileNetV2, EfficientNet and MNASNet use 1e-5)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    try:
        meta = {"format": "pt"}
        if args.torchvision:
            if args.seed is None:
                parser.error("--torchvision needs --seed N (weights are seeded random)")
            if args.bn_eps is not None:
                parser.error("--bn-eps is only for --state-dict")
            model, _, arch = build_random(args.torchvision, args.seed)
            state = model.state_dict()
            meta.update(source="torchvision random", arch=arch, seed=args.seed,
                        bn_eps=repr(bn_eps_of(model)))
        else:
            if args.seed is not None:
                parser.error("--seed is only for --torchvision")
            state = load_state_dict(args.state_dict, args.trust_pickle)
            if not any(k.endswith(("features.0.0.weight", "layers.0.weight"))
                       for k in state):
                print("%s: warning: no features.0.0.weight (or layers.0.weight); "
                      "this does not look like a torchvision MobileNetV3, V2, "
                      "EfficientNet or MNASNet state_dict" % args.state_dict,
                      file=sys.stderr)
            meta.update(source="state_dict " + os.path.basename(args.state_dict),
                        bn_eps=repr(args.bn_eps if args.bn_eps is not None else 0.001))
        tensors = export_tensors(state, f16=args.f16,
                                 keep_num_batches_tracked=args.keep_num_batches_tracked)
        meta.update(dtype="F16" if args.f16 else "F32",
                    num_batches_tracked="kept" if args.keep_num_batches_tracked else "dropped")
        write_safetensors(args.output, tensors, meta)
    except ExportError as e:
        print("%s: error: %s" % (parser.prog, e), file=sys.stderr)
        return 1
    except OSError as e:
        print("%s: error: cannot write %s: %s" % (parser.prog, args.output, e.strerror),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
