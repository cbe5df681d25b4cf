#!/usr/bin/python3
"""Compares a raw little-endian f32 output with the expected one.

    compare.py EXPECTED.f32 ACTUAL.f32 --shape 1,1000 [--rtol 1e-4] [--top5]

Prints the max abs error, max |expected|, the relative L-inf error
max|a-e| / max|e|, and the top-5 indices of both (over the last axis of the
first row). Exits 0 if rel <= rtol (and, with --top5, both top-5 index sets
are equal); otherwise exits 1 after one line "FAIL: reason". A size that does
not match --shape, or NaN/inf in either file, also fails.

Needs /usr/bin/python3 with numpy.
"""

import argparse
import sys

import numpy as np


def load(path, shape, what):
    try:
        data = np.fromfile(path, dtype="<f4")
    except OSError as e:
        fail("cannot read %s %s: %s" % (what, path, e.strerror))
    count = int(np.prod(shape))
    if data.size != count:
        fail("%s %s holds %d floats (%d bytes), --shape %s needs %d"
             % (what, path, data.size, data.size * 4,
                ",".join(map(str, shape)), count))
    return data.reshape(shape).astype(np.float64)


def fail(reason):
    print("FAIL: " + reason)
    sys.exit(1)


def top5(x):
    row = x.reshape(-1, x.shape[-1])[0] if x.ndim > 1 else x
    # Stable descending sort: ties keep the lower index first.
    return [int(i) for i in np.argsort(-row, kind="stable")[:5]]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: compare.py ref/logits.f32 out/logits.f32 --shape 1,1000 --top5")
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--shape", required=True,
                        help="comma-separated dims, e.g. 1,1000 or 1,960,7,7")
    parser.add_argument("--rtol", type=float, default=1e-4,
                        help="bound on max|a-e|/max|e| (default 1e-4)")
    parser.add_argument("--top5", action="store_true",
                        help="also require the same top-5 index sets")
    args = parser.parse_args()
    try:
        shape = [int(d) for d in args.shape.split(",")]
    except ValueError:
        parser.error("--shape must be comma-separated integers, got %r" % args.shape)
    if not shape or any(d <= 0 for d in shape):
        parser.error("--shape must be positive dims, got %r" % args.shape)

    e = load(args.expected, shape, "expected")
    a = load(args.actual, shape, "actual")
    for x, what in ((e, "expected"), (a, "actual")):
        bad = np.flatnonzero(~np.isfinite(x))
        if bad.size:
            fail("%s has %d non-finite values (first at flat index %d: %r)"
                 % (what, bad.size, bad[0], x.reshape(-1)[bad[0]]))

    diff = np.abs(a - e)
    max_abs = float(diff.max())
    worst = int(diff.argmax())
    max_e = float(np.abs(e).max())
    rel = max_abs / max_e if max_e > 0 else (0.0 if max_abs == 0 else float("inf"))
    te, ta = top5(e), top5(a)
    print("max abs error  %.6g (flat index %d: expected %.9g, actual %.9g)"
          % (max_abs, worst, e.reshape(-1)[worst], a.reshape(-1)[worst]))
    print("max |expected| %.6g" % max_e)
    print("rel L-inf      %.6g (rtol %g)" % (rel, args.rtol))
    print("top-5 expected %s" % te)
    print("top-5 actual   %s" % ta)

    if rel > args.rtol:
        fail("relative L-inf error %.3g exceeds rtol %g" % (rel, args.rtol))
    if args.top5 and set(te) != set(ta):
        fail("top-5 sets differ: expected %s, actual %s" % (sorted(te), sorted(ta)))
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
