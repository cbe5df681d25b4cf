"""A random MobileNetV3-style architecture drawn from (seed, case): the
configuration, its text in the mnv3 spec language (docs/spec-language.md)
and a one-line summary.

Only what the spec language accepts is drawn, so every configuration must
import; one that does not is a compiler finding (or a bug here), never an
expected rejection. Channel counts are the spec's, before the width rule:
mnv3c and torchvision each apply it themselves, which is part of the test.
"""

import random
from dataclasses import asdict, dataclass
from typing import List, Union

ACTIVATIONS = ("relu", "hswish", "relu6", "swish")


@dataclass
class Block:
    """One `bneck` row."""
    kernel: int
    expansion: str  # "72": channels (width-scaled); "x4.5": ratio of the input
    out: int
    se: bool
    act: str
    stride: int
    dilation: int = 1


@dataclass
class Fc:
    """A classifier `fc` row: a hidden width (width-scaled) or, last, the classes."""
    out: int
    act: str = "none"


@dataclass
class Dropout:
    p: float


@dataclass
class Arch:
    seed: int
    case: int
    in_channels: int
    height: int
    width: int
    width_mult: float
    bn_eps: float
    stem_kernel: int
    stem_out: int
    stem_stride: int
    stem_act: str  # one of ACTIVATIONS or "none"
    blocks: List[Block]
    head_out: str  # "960" (width-scaled) or "x6" (times the last block's channels)
    head_act: str
    classifier: List[Union[Fc, Dropout]]
    threads: int  # for the compiled library; not an architecture property

    @property
    def name(self):
        return "rand_%d_%d" % (self.seed, self.case)

    @property
    def classes(self):
        return self.classifier[-1].out


def _halve(size):
    # Every stride-2 layer pads (k-1)/2*d, so it maps n pixels to ceil(n/2).
    return (size + 1) // 2


def _activation(rng, allow_none):
    choices = ["hswish"] * 4 + list(ACTIVATIONS) + (["none"] if allow_none else [])
    return rng.choice(choices)


def _input_size(rng):
    """Mostly small and odd sizes, where the last maps end at 1x1 or 2x2."""
    kind = rng.random()
    if kind < 0.35:
        return rng.randint(1, 40), rng.randint(1, 40)
    if kind < 0.8:
        return rng.randint(40, 160), rng.randint(40, 160)
    side = rng.choice([96, 128, 160, 192, 224])
    return side, side


def _expansion(rng, in_channels):
    kind = rng.random()
    if kind < 0.2:  # equal to the input: the block has no expansion conv
        return str(in_channels)
    if kind < 0.6:
        return str(rng.randint(in_channels, min(960, 6 * in_channels)))
    return "x%g" % rng.choice([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6])


def _blocks(rng, in_channels, height, width):
    count = rng.randint(1, 16)
    # torchvision's dilated tail (segmentation backbones): the last rows
    # keep their resolution with dilation instead of striding.
    dilated_from, dilation = count, 1
    if count >= 2 and rng.random() < 0.25:
        dilated_from, dilation = count - rng.randint(1, min(3, count - 1)), rng.choice([2, 2, 3, 4])
    blocks = []
    for i in range(count):
        d = dilation if i >= dilated_from else 1
        stride = 2 if d == 1 and height > 1 and width > 1 and rng.random() < 0.3 else 1
        if rng.random() < 0.4:
            out = in_channels  # keeps the residual add when stride is 1
        else:
            out = rng.randint(max(4, in_channels // 2), min(160, 2 * in_channels + 16))
        blocks.append(Block(
            kernel=rng.choices([3, 5, 7, 1, 9, 11], weights=[6, 5, 4, 1, 1, 1])[0],
            expansion=_expansion(rng, in_channels), out=out,
            se=rng.random() < 0.4, act=rng.choice(ACTIVATIONS), stride=stride, dilation=d))
        if stride == 2:
            height, width = _halve(height), _halve(width)
        in_channels = out
    return blocks


def _classifier(rng):
    kind = rng.random()
    classes = rng.choice([1000, 1000, rng.randint(1, 4), rng.randint(5, 999), rng.randint(5, 999)])

    def hidden():
        return Fc(rng.randint(8, 1280), _activation(rng, allow_none=True))

    def dropout():
        return Dropout(rng.choice([0.2, 0.2, 0.0, 0.5]))

    if kind < 0.6:  # torchvision's own: Linear, Hardswish, Dropout, Linear
        return [hidden(), dropout(), Fc(classes)]
    if kind < 0.75:
        return [hidden(), Fc(classes)]
    if kind < 0.9:
        return [Fc(classes)]
    return [hidden(), dropout(), hidden(), dropout(), Fc(classes)]


def _head_out(rng):
    kind = rng.random()
    if kind < 0.55:
        return "x6"  # torchvision's rule
    if kind < 0.7:
        return "x%d" % rng.randint(1, 8)
    return str(rng.randint(16, 1280))


def draw(seed, case):
    """The architecture of case `case` of seed `seed`: the same pair always
    gives the same architecture (random.Random seeded with a string is
    stable across Python runs)."""
    rng = random.Random("mnv3c random architecture %d %d" % (seed, case))
    in_channels = rng.choice([3, 3, 3, 1, 2, 4])
    height, width = _input_size(rng)
    width_mult = 1.0 if rng.random() < 0.25 else round(rng.uniform(0.25, 1.5), 2)
    stem_kernel = rng.choice([3, 3, 3, 3, 3, 1, 5, 7])
    stem_stride = 2 if height > 1 and width > 1 and rng.random() < 0.8 else 1
    stem_out = rng.choice([8, 16, 16, 16, 24, 32, rng.randint(4, 40)])
    if stem_stride == 2:
        map_size = _halve(height), _halve(width)
    else:
        map_size = height, width
    return Arch(
        seed=seed, case=case, in_channels=in_channels, height=height, width=width,
        width_mult=width_mult, bn_eps=rng.choice([1e-3, 1e-3, 1e-3, 1e-5, 1e-2]),
        stem_kernel=stem_kernel, stem_out=stem_out, stem_stride=stem_stride,
        stem_act=_activation(rng, allow_none=True),
        blocks=_blocks(rng, stem_out, *map_size),
        head_out=_head_out(rng), head_act=_activation(rng, allow_none=True),
        classifier=_classifier(rng), threads=rng.choice([1, 1, 2]))


def spec_text(arch):
    """The architecture in the mnv3 spec language."""
    lines = [
        "# a random architecture of test/property/random_arch.py (seed %d, case %d)"
        % (arch.seed, arch.case),
        "model %s" % arch.name,
        "input %dx%dx%d" % (arch.in_channels, arch.height, arch.width),
        "width %r" % arch.width_mult,
        "bn_eps %r" % arch.bn_eps,
        "",
        "stem    conv k=%d out=%d s=%d act=%s" % (
            arch.stem_kernel, arch.stem_out, arch.stem_stride, arch.stem_act),
        "#       k   exp  out  se  act     s",
    ]
    for b in arch.blocks:
        row = "bneck  %2d  %5s  %3d  %-2s  %-6s  %d" % (
            b.kernel, b.expansion, b.out, "se" if b.se else "-", b.act, b.stride)
        lines.append(row + ("  d=%d" % b.dilation if b.dilation > 1 else ""))
    lines += ["head    conv out=%s act=%s" % (arch.head_out, arch.head_act), "pool    avg"]
    for layer in arch.classifier:
        if isinstance(layer, Dropout):
            lines.append("dropout %r" % layer.p)
        else:
            lines.append("fc      %d" % layer.out + (
                " act=%s" % layer.act if layer.act != "none" else ""))
    return "\n".join(lines) + "\n"


def summary(arch):
    """One line that says what the case is, for the log."""
    def block(b):
        text = "k%d/%s/%d/%s/%s/s%d" % (b.kernel, b.expansion, b.out,
                                       "se" if b.se else "-", b.act, b.stride)
        return text + ("/d%d" % b.dilation if b.dilation > 1 else "")

    def fc(layer):
        if isinstance(layer, Dropout):
            return "drop"
        return "%d%s" % (layer.out, "" if layer.act == "none" else " " + layer.act)

    return ("%dx%dx%d width %g eps %g | stem k%d s%d %d %s | %d bneck %s | head %s %s "
            "| fc %s | %d classes, %d thread%s" % (
                arch.in_channels, arch.height, arch.width, arch.width_mult, arch.bn_eps,
                arch.stem_kernel, arch.stem_stride, arch.stem_out, arch.stem_act,
                len(arch.blocks), " ".join(block(b) for b in arch.blocks),
                arch.head_out, arch.head_act, ", ".join(fc(l) for l in arch.classifier),
                arch.classes, arch.threads, "" if arch.threads == 1 else "s"))


def fits(arch):
    """Whether the spec language accepts the architecture's sizes: at least
    one block and one pixel, and no stride-2 layer on a 1-pixel-high or
    -wide map. draw() only makes such architectures; shrinking must check."""
    height, width = arch.height, arch.width
    if height < 1 or width < 1:
        return False
    for stride in [arch.stem_stride] + [b.stride for b in arch.blocks]:
        if stride == 2:
            if height == 1 or width == 1:
                return False
            height, width = _halve(height), _halve(width)
    return bool(arch.blocks)


def to_dict(arch):
    """A JSON-ready dict; from_dict(to_dict(a)) == a."""
    return asdict(arch)


def from_dict(d):
    d = dict(d)
    d["blocks"] = [Block(**b) for b in d["blocks"]]
    d["classifier"] = [Dropout(**l) if "p" in l else Fc(**l) for l in d["classifier"]]
    return Arch(**d)
