#!/usr/bin/python3
"""Write a chain of standalone depthwise convs with MobileNetV3-Large's
shapes at 224x224 (1x1 convs adapt the channel counts between them), for
measuring the depthwise family alone with codegen/bench/bench.cpp.
usage: make_dw_net.py OUTDIR"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(0)
lines = ["network net 3 224 224 0"]
n = 0


def conv(name, cin, cout, k, s, g, act):
    global n
    n += 1
    w = (rng.standard_normal((cout, cin // g, k, k)) * (2.0 / (cin // g * k * k)) ** 0.5).astype(np.float32)
    b = (rng.standard_normal(cout) * 0.1).astype(np.float32)
    w.tofile(os.path.join(out, "w%d.bin" % n))
    b.tofile(os.path.join(out, "b%d.bin" % n))
    lines.append("conv %s %d %d %d %d 1 %d %d %s w%d.bin b%d.bin" % (name, cin, cout, k, s, (k - 1) // 2, g, act, n, n))


conv("stem", 3, 16, 3, 2, 1, "hswish")
c = 16
# (channels, kernel, stride) of every depthwise conv in MobileNetV3-Large
for i, (ch, k, s) in enumerate([(16, 3, 1), (64, 3, 2), (72, 3, 1), (72, 5, 2), (120, 5, 1), (120, 5, 1),
                                (240, 3, 2), (200, 3, 1), (184, 3, 1), (184, 3, 1), (480, 3, 1), (672, 3, 1),
                                (672, 5, 2), (960, 5, 1), (960, 5, 1)]):
    if ch != c:
        conv("pw%d" % i, c, ch, 1, 1, 1, "relu")
        c = ch
    conv("dw%d_k%ds%d" % (i, k, s), ch, ch, k, s, ch, "hswish")
with open(os.path.join(out, "net.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")
