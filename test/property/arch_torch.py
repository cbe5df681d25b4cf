"""The torchvision network of a random architecture (arch_config.Arch).

torchvision's MobileNetV3 is built from InvertedResidualConfig rows with the
spec's raw channel counts and width multiplier, so torchvision applies its
own width rule. What its constructor fixes is then replaced by torchvision
modules of the same names: the stem (3 input channels, 3x3, stride 2,
hardswish), the head (6x the last block, hardswish), the classifier
(Linear, Hardswish, Dropout, Linear), and block activations other than
ReLU/hardswish. Weights come from mnv3_torch.randomize (seeded, BatchNorm
statistics calibrated and perturbed).
"""

import os
import sys
from functools import partial

from torch import nn
from torchvision.models import mobilenetv3 as tvm

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import mnv3_torch  # noqa: E402  (the tools directory is not a package)

from arch_config import Dropout  # noqa: E402

MODULES = {"relu": nn.ReLU, "hswish": nn.Hardswish, "relu6": nn.ReLU6, "swish": nn.SiLU,
           "none": None}


def _rows(arch):
    conf = partial(tvm.InvertedResidualConfig, width_mult=arch.width_mult)
    rows, in_channels = [], arch.stem_out
    for b in arch.blocks:
        ratio = float(b.expansion[1:]) if b.expansion.startswith("x") else None
        row = conf(in_channels, b.kernel, in_channels if ratio else int(b.expansion), b.out,
                   b.se, "HS" if b.act == "hswish" else "RE", b.stride, b.dilation)
        if ratio:  # torchvision has no ratios: the spec's rule on the actual input
            row.expanded_channels = tvm._make_divisible(row.input_channels * ratio, 8)
        rows.append(row)
        in_channels = b.out
    return rows


def _set_block_activation(block, act):
    """Swaps the expansion and depthwise activations (not SE's ReLU)."""
    for layer in block.block:
        if isinstance(layer, tvm.Conv2dNormActivation) and len(layer) == 3:
            layer[2] = MODULES[act](inplace=True)


def _classifier(arch, in_features):
    layers = []
    for i, layer in enumerate(arch.classifier):
        if isinstance(layer, Dropout):
            layers.append(nn.Dropout(p=layer.p, inplace=True))
            continue
        last = i + 1 == len(arch.classifier)
        out = layer.out if last else tvm.InvertedResidualConfig.adjust_channels(
            layer.out, arch.width_mult)
        layers.append(nn.Linear(in_features, out))
        if MODULES[layer.act]:
            layers.append(MODULES[layer.act](inplace=True))
        in_features = out
    return nn.Sequential(*layers)


def build(arch):
    """The architecture in torchvision, with torchvision's initial weights."""
    norm = partial(nn.BatchNorm2d, eps=arch.bn_eps, momentum=0.01)
    rows = _rows(arch)
    model = tvm.MobileNetV3(rows, last_channel=8, norm_layer=norm)
    model.features[0] = tvm.Conv2dNormActivation(
        arch.in_channels, rows[0].input_channels, kernel_size=arch.stem_kernel,
        stride=arch.stem_stride, norm_layer=norm, activation_layer=MODULES[arch.stem_act])
    for block, b in zip(model.features[1:-1], arch.blocks):
        if b.act in ("relu6", "swish"):
            _set_block_activation(block, b.act)
    last = rows[-1].out_channels
    if arch.head_out.startswith("x"):
        head_out = int(arch.head_out[1:]) * last
    else:
        head_out = tvm.InvertedResidualConfig.adjust_channels(int(arch.head_out), arch.width_mult)
    model.features[-1] = tvm.Conv2dNormActivation(
        last, head_out, kernel_size=1, norm_layer=norm, activation_layer=MODULES[arch.head_act])
    model.classifier = _classifier(arch, head_out)
    return model


def random_model(arch, seed):
    """The architecture with seeded random weights, in eval mode."""
    model = build(arch)
    return mnv3_torch.randomize(model, seed, (arch.height, arch.width),
                                in_channels=arch.in_channels)
