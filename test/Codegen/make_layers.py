#!/usr/bin/python3
"""Write per-op-family test cases for the Halide back end, with PyTorch as
the numerics oracle (run with Debian's /usr/bin/python3, which has torch).

Each case is a directory holding net.txt (the text format read by
codegen/tools/mnv3-codegen), raw little-endian f32 weight files, input.bin
(NCHW) and expected.bin (torch's output). Most single-op cases are wrapped
between two 1x1 convs so the op under test reads and writes the internal
channels-innermost layout, as it does inside a network; `direct` cases feed
it the NCHW network input instead.

usage: make_layers.py OUTDIR [--only SUBSTR] [--small]
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F

ACT = {
    "none": lambda x: x,
    "relu": F.relu,
    "relu6": F.relu6,
    "hswish": F.hardswish,
    "hsigmoid": F.hardsigmoid,
    "sigmoid": torch.sigmoid,
    "swish": F.silu,
}


class Case:
    def __init__(self, outdir, name):
        self.dir = os.path.join(outdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.lines = []
        self.nfiles = 0

    def save(self, t, tag):
        self.nfiles += 1
        fn = "%02d_%s.bin" % (self.nfiles, tag)
        t.detach().contiguous().float().numpy().tofile(os.path.join(self.dir, fn))
        return fn

    def finish(self, x, y):
        x.contiguous().numpy().tofile(os.path.join(self.dir, "input.bin"))
        y.detach().contiguous().numpy().tofile(os.path.join(self.dir, "expected.bin"))
        with open(os.path.join(self.dir, "net.txt"), "w") as f:
            f.write("\n".join(self.lines) + "\n")


def rand_conv(cin, cout, k, groups=1):
    fan_in = cin // groups * k * k
    w = torch.randn(cout, cin // groups, k, k) * (2.0 / fan_in) ** 0.5
    b = torch.randn(cout) * 0.1
    return w, b


class Conv:
    def __init__(self, cin, cout, k=1, s=1, d=1, g=1, act="none", p=None):
        self.cin, self.cout, self.k, self.s, self.d, self.g, self.act = cin, cout, k, s, d, g, act
        self.p = (k - 1) // 2 * d if p is None else p
        self.w, self.b = rand_conv(cin, cout, k, g)

    def __call__(self, x):
        y = F.conv2d(x, self.w, self.b, self.s, self.p, self.d, self.g)
        return ACT[self.act](y)

    def line(self, c, name):
        return "conv %s %d %d %d %d %d %d %d %s %s %s" % (
            name, self.cin, self.cout, self.k, self.s, self.d, self.p, self.g,
            self.act, c.save(self.w, "w"), c.save(self.b, "b"))


class SE:
    def __init__(self, ch, sq, act="relu", gate="hsigmoid"):
        self.ch, self.sq, self.act, self.gate = ch, sq, act, gate
        self.w1, self.b1 = rand_conv(ch, sq, 1)
        self.w2, self.b2 = rand_conv(sq, ch, 1)

    def __call__(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = ACT[self.act](F.conv2d(s, self.w1, self.b1))
        s = ACT[self.gate](F.conv2d(s, self.w2, self.b2))
        return x * s

    def line(self, c):
        return "  se %d %d %s %s %s %s %s %s" % (
            self.ch, self.sq, self.act, self.gate, c.save(self.w1, "w1"),
            c.save(self.b1, "b1"), c.save(self.w2, "w2"), c.save(self.b2, "b2"))


class Bneck:
    def __init__(self, cin, exp, cout, k, s, se, act, d=1, gate="hsigmoid"):
        self.expand = Conv(cin, exp, 1, act=act) if exp != cin else None
        self.dw = Conv(exp, exp, k, s, d, g=exp, act=act)
        self.se = SE(exp, max(8, (exp // 4 + 4) // 8 * 8), "relu", gate) if se else None
        self.project = Conv(exp, cout, 1)
        self.residual = s == 1 and cin == cout

    def __call__(self, x):
        y = self.expand(x) if self.expand else x
        y = self.dw(y)
        if self.se:
            y = self.se(y)
        y = self.project(y)
        return y + x if self.residual else y

    def lines(self, c, name):
        out = ["bneck %s %d" % (name, int(self.residual))]
        if self.expand:
            e = self.expand
            out.append("  expand %d %d %s %s %s" % (e.cin, e.cout, e.act, c.save(e.w, "we"), c.save(e.b, "be")))
        d = self.dw
        out.append("  dw %d %d %d %d %d %s %s %s" % (d.cin, d.k, d.s, d.d, d.p, d.act, c.save(d.w, "wd"), c.save(d.b, "bd")))
        if self.se:
            out.append(self.se.line(c))
        p = self.project
        out.append("  project %d %d %s %s %s" % (p.cin, p.cout, p.act, c.save(p.w, "wp"), c.save(p.b, "bp")))
        out.append("end")
        return out


class Resize:
    """Bilinear resize to (H, W), align_corners=False (LR-ASPP's upsample)."""

    def __init__(self, height, width):
        self.size = (height, width)

    def __call__(self, x):
        return F.interpolate(x, size=self.size, mode="bilinear", align_corners=False)

    def line(self, c, name):
        return "resize %s %d %d" % (name, self.size[0], self.size[1])


def single(outdir, name, shape, op, wrap=True):
    """A network of one op (optionally between 1x1 convs)."""
    c = Case(outdir, name)
    C, H, W = shape
    x = torch.randn(1, C, H, W)
    layers = []
    if wrap:
        layers.append(("pre", Conv(C, C, 1)))
    layers.append(("op", op))
    y = x
    for _, l in layers:
        y = l(y)
    if wrap:
        layers.append(("post", Conv(y.shape[1], y.shape[1], 1)))
        y = layers[-1][1](y)
    c.lines.append("network net %d %d %d 0" % (C, H, W))
    for n, l in layers:
        if isinstance(l, Bneck):
            c.lines += l.lines(c, n)
        else:
            c.lines.append(l.line(c, n))
    c.finish(x, y)


def classifier(outdir, name, C, H, W, hidden, classes):
    c = Case(outdir, name)
    x = torch.randn(1, C, H, W)
    pre = Conv(C, C, 1, act="relu")
    w1 = torch.randn(hidden, C) * (2.0 / C) ** 0.5
    b1 = torch.randn(hidden) * 0.1
    w2 = torch.randn(classes, hidden) * (1.0 / hidden) ** 0.5
    b2 = torch.randn(classes) * 0.1
    y = pre(x)
    y = F.adaptive_avg_pool2d(y, 1).flatten(1)
    y = F.hardswish(F.linear(y, w1, b1))
    y = F.linear(y, w2, b2)
    c.lines += ["network net %d %d %d %d" % (C, H, W, classes), pre.line(c, "pre"), "pool avgpool",
                "linear fc1 %d %d hswish %s %s" % (C, hidden, c.save(w1, "w1"), c.save(b1, "b1")),
                "linear fc2 %d %d none %s %s" % (hidden, classes, c.save(w2, "w2"), c.save(b2, "b2"))]
    c.finish(x, y)


def fold_bn(conv, bn):
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    w = conv.weight * scale.reshape(-1, 1, 1, 1)
    b = bn.bias - bn.running_mean * scale
    if conv.bias is not None:
        b = b + conv.bias * scale
    return w, b


def act_name(m):
    import torch.nn as nn
    return {nn.Hardswish: "hswish", nn.ReLU: "relu", nn.Identity: "none", type(None): "none",
            nn.Hardsigmoid: "hsigmoid", nn.Sigmoid: "sigmoid", nn.SiLU: "swish"}[type(m)]


def torchvision_net(outdir, name, arch, hw, classes):
    """End to end: a torchvision MobileNetV3 (random weights and BN stats)."""
    import torchvision
    torch.manual_seed(1)
    net = getattr(torchvision.models, arch)(weights=None, num_classes=classes).eval()
    for m in net.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)
    c = Case(outdir, name)
    x = torch.randn(1, 3, hw, hw)
    with torch.no_grad():
        y = net(x)
    c.lines.append("network %s 3 %d %d %d" % (arch, hw, hw, classes))

    def cna(block):  # Conv2dNormActivation -> (w, b, conv, act)
        w, b = fold_bn(block[0], block[1])
        return w, b, block[0], act_name(block[2] if len(block) > 2 else None)

    with torch.no_grad():
        for i, f in enumerate(net.features):
            lname = "features.%d" % i
            if isinstance(f, torchvision.ops.misc.Conv2dNormActivation):
                w, b, cv, a = cna(f)
                c.lines.append("conv %s %d %d %d %d %d %d %d %s %s %s" % (
                    lname, cv.in_channels, cv.out_channels, cv.kernel_size[0], cv.stride[0],
                    cv.dilation[0], cv.padding[0], cv.groups, a, c.save(w, "w"), c.save(b, "b")))
                continue
            mods = list(f.block)
            c.lines.append("bneck %s %d" % (lname, int(f.use_res_connect)))
            if mods[0][0].groups == 1:  # expand
                w, b, cv, a = cna(mods.pop(0))
                c.lines.append("  expand %d %d %s %s %s" % (cv.in_channels, cv.out_channels, a, c.save(w, "we"), c.save(b, "be")))
            w, b, cv, a = cna(mods.pop(0))
            c.lines.append("  dw %d %d %d %d %d %s %s %s" % (cv.in_channels, cv.kernel_size[0], cv.stride[0],
                                                            cv.dilation[0], cv.padding[0], a, c.save(w, "wd"), c.save(b, "bd")))
            if isinstance(mods[0], torchvision.ops.SqueezeExcitation):
                se = mods.pop(0)
                c.lines.append("  se %d %d %s %s %s %s %s %s" % (
                    se.fc1.in_channels, se.fc1.out_channels, act_name(se.activation), act_name(se.scale_activation),
                    c.save(se.fc1.weight.flatten(1), "w1"), c.save(se.fc1.bias, "b1"),
                    c.save(se.fc2.weight.flatten(1), "w2"), c.save(se.fc2.bias, "b2")))
            w, b, cv, a = cna(mods.pop(0))
            c.lines.append("  project %d %d %s %s %s" % (cv.in_channels, cv.out_channels, a, c.save(w, "wp"), c.save(b, "bp")))
            c.lines.append("end")
        c.lines.append("pool avgpool")
        l1, a1, l2 = net.classifier[0], net.classifier[1], net.classifier[3]
        c.lines.append("linear classifier.0 %d %d %s %s %s" % (l1.in_features, l1.out_features, act_name(a1),
                                                                c.save(l1.weight, "w"), c.save(l1.bias, "b")))
        c.lines.append("linear classifier.3 %d %d none %s %s" % (l2.in_features, l2.out_features,
                                                                  c.save(l2.weight, "w"), c.save(l2.bias, "b")))
    c.finish(x, y)


def cases(small):
    # name, shape (C, H, W), op, wrap
    s = small
    yield "stem_direct_15", (3, 15, 15), Conv(3, 16, 3, 2, act="hswish"), False
    yield "stem_direct_28", (3, 28, 28), Conv(3, 16, 3, 2, act="hswish"), False
    yield "conv3x3_dense_wrapped", (8, 14, 14), Conv(8, 24, 3, 1, act="relu"), True
    yield "conv_grouped", (8, 9, 9), Conv(8, 16, 3, 1, g=2, act="relu6"), True
    yield "pw_24_72_relu_14", (24, 14, 14), Conv(24, 72, 1, act="relu"), True
    yield "pw_40_120_hswish_15", (40, 15, 15), Conv(40, 120, 1, act="hswish"), True
    yield "pw_160_960_hswish_7", (160, 7, 7), Conv(160, 960, 1, act="hswish"), True
    # Input channels not a multiple of 4: no 4-channel lane steps (ARM).
    yield "pw_18_40_relu_9", (18, 9, 9), Conv(18, 40, 1, act="relu"), True
    yield "pw_direct_16_24", (16, 7, 7), Conv(16, 24, 1, act="sigmoid"), False
    yield "dw_k3s1_16_15", (16, 15, 15), Conv(16, 16, 3, 1, g=16, act="relu"), True
    yield "dw_k3s2_24_14", (24, 14, 14), Conv(24, 24, 3, 2, g=24, act="hswish"), True
    yield "dw_k5s1_40_7", (40, 7, 7), Conv(40, 40, 5, 1, g=40, act="hswish"), True
    yield "dw_k5s2_72_28", (72, 28 if not s else 14, 28 if not s else 14), Conv(72, 72, 5, 2, g=72, act="relu"), True
    yield "dw_k7s1_120_14", (120, 14, 14), Conv(120, 120, 7, 1, g=120, act="swish"), True
    yield "dw_k3d2_40_15", (40, 15, 15), Conv(40, 40, 3, 1, d=2, g=40, act="relu6"), True
    yield "bneck_noexp_res_16_28", (16, 28, 28), Bneck(16, 16, 16, 3, 1, False, "relu"), True
    yield "bneck_noexp_se_s2_16_15", (16, 15, 15), Bneck(16, 16, 16, 3, 2, True, "relu"), True
    yield "bneck_exp_s2_16_64_24_28", (16, 28, 28), Bneck(16, 64, 24, 3, 2, False, "relu"), True
    yield "bneck_exp_res_24_72_14", (24, 14, 14), Bneck(24, 72, 24, 3, 1, False, "relu"), True
    yield "bneck_se_s2_24_72_40_28", (24, 28 if not s else 14, 28 if not s else 14), Bneck(24, 72, 40, 5, 2, True, "relu"), True
    yield "bneck_se_res_40_120_15", (40, 15, 15), Bneck(40, 120, 40, 5, 1, True, "hswish"), True
    yield "bneck_se_80_480_112_7", (80, 7, 7), Bneck(80, 480, 112, 3, 1, True, "hswish"), True
    yield "bneck_se_res_160_960_7", (160, 7, 7), Bneck(160, 960, 160, 5, 1, True, "hswish", gate="sigmoid"), True
    yield "bneck_dil2_40_120_14", (40, 14, 14), Bneck(40, 120, 40, 3, 1, False, "hswish", d=2), True
    yield "bneck_k7_swish_56", (24, 56 if not s else 14, 56 if not s else 14), Bneck(24, 48, 24, 7, 1, False, "swish"), True
    yield "bneck_direct_s1", (16, 14, 14), Bneck(16, 32, 16, 3, 1, False, "hswish"), False
    # Bilinear resize: into the arena (wrapped) and into an NCHW output
    # (direct: the output is the network's), whose widths grown by an
    # integer factor take their own path.
    yield "resize_frac_wrapped", (24, 7, 5), Resize(13, 11), True
    yield "resize_down_wrapped", (16, 9, 9), Resize(4, 5), True
    yield "resize_x8_direct", (21, 4, 8), Resize(32, 64), False
    yield "resize_x3_direct", (21, 5, 7), Resize(10, 21), False
    yield "resize_frac_direct", (5, 7, 6), Resize(19, 23), False
    # One-row maps with an expand width that is not a whole number of tiles
    # (found by the random-architecture test: the last tile's guarded
    # stores overwrote real channels of the sliding window).
    yield "bneck_exp72_k9_1x2", (16, 1, 2), Bneck(16, 72, 8, 9, 1, False, "relu"), True
    yield "bneck_exp72_se_1x4", (16, 1, 4), Bneck(16, 72, 8, 3, 1, True, "hswish"), True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--only", default="")
    ap.add_argument("--small", action="store_true", help="smaller spatial sizes (qemu)")
    ap.add_argument("--no-e2e", action="store_true")
    ap.add_argument("--e2e-hw", type=int, default=0, help="also make the two e2e nets at this size (224: benchmark)")
    a = ap.parse_args()
    torch.manual_seed(0)
    names = []
    for name, shape, op, wrap in cases(a.small):
        if a.only in name:
            single(a.outdir, name, shape, op, wrap)
            names.append(name)
    if a.only in "classifier_960_1280_10":
        classifier(a.outdir, "classifier_960_1280_10", 960, 7, 7, 1280, 10)
        names.append("classifier_960_1280_10")
    if not a.no_e2e:
        nets = [("mobilenet_v3_small", 64), ("mobilenet_v3_large", 64 if a.small else 112)]
        if a.e2e_hw:
            nets += [("mobilenet_v3_small", a.e2e_hw), ("mobilenet_v3_large", a.e2e_hw)]
        for arch, hw in nets:
            name = "e2e_%s_%d" % (arch, hw)
            if a.only in name:
                torchvision_net(a.outdir, name, arch, hw, 1000 if hw == 224 else 100)
                names.append(name)
    with open(os.path.join(a.outdir, "cases.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    print("wrote %d cases to %s" % (len(names), a.outdir))


if __name__ == "__main__":
    sys.exit(main())
