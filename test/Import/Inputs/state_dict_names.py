#!/usr/bin/python3
"""Compares the weight placeholders of imported mnv3 IR (stdin) with the
state_dict of the torchvision model the spec describes.

    mnv3c import SPEC | state_dict_names.py MODEL

MODEL is mobilenet_v3_large, mobilenet_v3_small, mobilenet_v2,
efficientnet_b0, width_0_75 (the Inputs/width-0.75.mnv3 spec, built from
explicit InvertedResidualConfigs with the channel counts torchvision's
rounding gives at width 0.75), mobilenet_v2_050
(mobilenet_v2(width_mult=0.5)), efficientnet_w05_d12
(Inputs/efficientnet-w0.5-d1.2.mnv3), mnasnet1_0, mnasnet0_5 or one of
tools/mnv3_torch.py's models (tinynet_r08_w09_d08).

Prints "MODEL: N weights match torchvision" and exits 0, or prints one line
per missing, extra or differently shaped weight and exits 1.
num_batches_tracked (a BatchNorm step counter, not a weight) is ignored.
"""

import re
import sys
from functools import partial

import os

import torch
import torchvision
from torchvision.models import efficientnet
from torchvision.models.mobilenetv3 import InvertedResidualConfig, MobileNetV3

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "tools"))
import mnv3_torch  # noqa: E402  (the tools directory is not a package)


def width_0_75():
    # (input, kernel, expanded, out, se, act, stride, dilation), channel
    # counts already rounded, so width_mult=1.0 leaves them as they are.
    conf = partial(InvertedResidualConfig, width_mult=1.0)
    rows = [
        conf(16, 3, 16, 16, False, "RE", 1, 1),
        conf(16, 3, 48, 24, False, "RE", 2, 1),
        conf(24, 5, 56, 32, True, "RE", 2, 1),
        conf(32, 3, 192, 88, True, "HS", 1, 1),
        conf(88, 5, 720, 120, True, "HS", 1, 2),
        conf(120, 5, 720, 120, False, "HS", 1, 2),
    ]
    return MobileNetV3(rows, last_channel=960)


def efficientnet_w05_d12():
    # B0's stages through torchvision's own scaling rules, and a
    # last_channel given as a number.
    setting, _ = efficientnet._efficientnet_conf(
        "efficientnet_b0", width_mult=0.5, depth_mult=1.2)
    return efficientnet._efficientnet(setting, dropout=0.2, last_channel=1280,
                                      weights=None, progress=False)


def build(name):
    if name == "width_0_75":
        return width_0_75()
    if name == "mobilenet_v2_050":
        return torchvision.models.mobilenet_v2(width_mult=0.5)
    if name == "efficientnet_w05_d12":
        return efficientnet_w05_d12()
    if name in mnv3_torch.MODELS:
        return mnv3_torch.MODELS[name][0]()
    return getattr(torchvision.models, name)()


def main():
    name = sys.argv[1]
    expected = {
        key: list(value.shape)
        for key, value in build(name).state_dict().items()
        if not key.endswith("num_batches_tracked")
    }
    got = {}
    pattern = re.compile(r"dense_resource<([^>]+)> : tensor<([0-9x]+)xf32>")
    for match in pattern.finditer(sys.stdin.read()):
        got[match.group(1)] = [int(d) for d in match.group(2).split("x")]

    problems = []
    for key in sorted(expected.keys() - got.keys()):
        problems.append("missing in IR: %s %s" % (key, expected[key]))
    for key in sorted(got.keys() - expected.keys()):
        problems.append("not in torchvision: %s %s" % (key, got[key]))
    for key in sorted(expected.keys() & got.keys()):
        if expected[key] != got[key]:
            problems.append("shape of %s: IR %s, torchvision %s"
                            % (key, got[key], expected[key]))
    for line in problems:
        print(line)
    if problems:
        return 1
    print("%s: %d weights match torchvision" % (name, len(expected)))
    return 0


if __name__ == "__main__":
    torch.manual_seed(0)
    sys.exit(main())
