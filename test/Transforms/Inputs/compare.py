#!/usr/bin/python3
"""Compares two raw little-endian f32 tensors, for translation validation:

    compare.py EXPECTED ACTUAL [--shape 1,1000] [--rtol 1e-5] [--top5]
               [--label NAME]

Passes when the relative L-inf error max|actual - expected| / max|expected|
is at most --rtol and, with --top5, the five largest entries of ACTUAL are
those of EXPECTED up to near-ties (an index may trade places with another
whose expected value is within rtol * max|expected| of it). Prints the
measured error either way, so the log of a passing run shows the margin.
Standard library only (the IR tests must not need numpy).
"""

import argparse
import math
import os
import struct
import sys


def read(path, shape):
    size = os.path.getsize(path)
    if size % 4:
        sys.exit("%s: %d bytes is not a whole number of f32" % (path, size))
    with open(path, "rb") as f:
        data = struct.unpack("<%df" % (size // 4), f.read())
    if shape is not None and len(data) != math.prod(shape):
        sys.exit("%s: %d values, expected %s = %d" % (
            path, len(data), "x".join(map(str, shape)), math.prod(shape)))
    return data


def top5(values):
    return sorted(range(len(values)), key=lambda i: (-values[i], i))[:5]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--shape", type=lambda s: [int(d) for d in s.split(",")])
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--top5", action="store_true")
    parser.add_argument("--label", default=None)
    args = parser.parse_args(argv)

    expected = read(args.expected, args.shape)
    actual = read(args.actual, args.shape)
    label = args.label or args.actual
    if len(expected) != len(actual):
        sys.exit("%s: %d values, expected %d" % (label, len(actual), len(expected)))
    if not all(math.isfinite(v) for v in actual):
        sys.exit("%s: non-finite values" % label)
    scale = max(abs(v) for v in expected)
    diff = max(abs(a - e) for a, e in zip(actual, expected))
    rel = diff / scale if scale > 0 else diff
    ok = rel <= args.rtol
    print("%s: rel L-inf %.3g (abs %.3g, max|expected| %.3g), rtol %.3g: %s" % (
        label, rel, diff, scale, args.rtol, "ok" if ok else "FAIL"))

    if args.top5:
        top_e, top_a = top5(expected), top5(actual)
        near = args.rtol * scale
        ties = all(abs(expected[a] - expected[e]) <= near
                   for a, e in zip(top_a, top_e))
        print("%s: top-5 expected %s, actual %s: %s" % (
            label, top_e, top_a, "same" if top_e == top_a else
            ("same up to near-ties" if ties else "DIFFERENT")))
        ok = ok and ties
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
