#!/usr/bin/python3
"""Writes COUNT seeded N(0, 1) values as raw little-endian f32, the input
format of mnv3-eval and mnv3c run:  random_f32.py SEED COUNT OUT
(standard library only, so the IR tests need no numpy)."""

import random
import struct
import sys

seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
with open(out, "wb") as f:
    f.write(struct.pack("<%df" % count, *(rng.gauss(0.0, 1.0) for _ in range(count))))
