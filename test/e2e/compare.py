#!/usr/bin/python3
"""Compares a raw little-endian f32 output with the expected one.

    compare.py EXPECTED.f32 ACTUAL.f32 --shape 1,1000 [--rtol 1e-4] [--top5]
    compare.py EXPECTED.f32 ACTUAL.f32 --shape 1,40,28,28+1,112,14,14 [--rtol 1e-4]

Prints the max abs error, max |expected|, the relative L-inf error
max|a-e| / max|e|, and the top-5 indices of both (over the last axis of the
first row). Several '+'-joined shapes are tensors stored one after another
(a backbone's outputs): each is checked on its own, relative to its own
max|e|. Exits 0 if every rel <= rtol (and, with --top5, both top-5 index sets
are equal); otherwise exits 1 after one line "FAIL: reason". A size that does
not match --shape, or NaN/inf in either file, also fails.

Needs /usr/bin/python3 with numpy.
"""

import argparse
import sys

import numpy as np


def load(path, shape, what, shape_text):
    try:
        data = np.fromfile(path, dtype="<f4")
    except OSError as e:
        fail("cannot read %s %s: %s" % (what, path, e.strerror))
    count = int(np.prod(shape))
    if data.size != count:
        fail("%s %s holds %d floats (%d bytes), --shape %s needs %d"
             % (what, path, data.size, data.size * 4,
                shape_text, count))
    return data.reshape(shape).astype(np.float64)


def fail(reason):
    print("FAIL: " + reason)
    sys.exit(1)


def top5(x):
    row = x.reshape(-1, x.shape[-1])[0] if x.ndim > 1 else x
    # Stable descending sort: ties keep the lower index first.
    return [int(i) for i in np.argsort(-row, kind="stable")[:5]]


def parse_shapes(text):
    shapes = []
    for part in text.split("+"):
        try:
            shape = [int(d) for d in part.split(",")]
        except ValueError:
            return None
        if not shape or any(d <= 0 for d in shape):
            return None
        shapes.append(shape)
    return shapes


def check_finite(x, what):
    bad = np.flatnonzero(~np.isfinite(x))
    if bad.size:
        fail("%s has %d non-finite values (first at flat index %d: %r)"
             % (what, bad.size, bad[0], x.reshape(-1)[bad[0]]))


def compare_part(e, a, rtol, label):
    """Prints the errors of one tensor; returns its relative L-inf."""
    diff = np.abs(a - e)
    max_abs = float(diff.max())
    worst = int(diff.argmax())
    max_e = float(np.abs(e).max())
    rel = max_abs / max_e if max_e > 0 else (0.0 if max_abs == 0 else float("inf"))
    print("%smax abs error  %.6g (flat index %d: expected %.9g, actual %.9g)"
          % (label, max_abs, worst, e.reshape(-1)[worst], a.reshape(-1)[worst]))
    print("%smax |expected| %.6g" % (label, max_e))
    print("%srel L-inf      %.6g (rtol %g)" % (label, rel, rtol))
    return rel


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: compare.py ref/logits.f32 out/logits.f32 --shape 1,1000 --top5")
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--shape", required=True,
                        help="comma-separated dims, e.g. 1,1000 or 1,960,7,7; "
                             "'+' joins tensors stored one after another")
    parser.add_argument("--rtol", type=float, default=1e-4,
                        help="bound on max|a-e|/max|e| (default 1e-4)")
    parser.add_argument("--top5", action="store_true",
                        help="also require the same top-5 index sets")
    args = parser.parse_args()
    shapes = parse_shapes(args.shape)
    if shapes is None:
        parser.error("--shape must be '+'-joined lists of comma-separated "
                     "positive integers, got %r" % args.shape)
    if args.top5 and len(shapes) > 1:
        parser.error("--top5 needs a single --shape")

    total = [sum(int(np.prod(s)) for s in shapes)]
    e_all = load(args.expected, total, "expected", args.shape)
    a_all = load(args.actual, total, "actual", args.shape)
    check_finite(e_all, "expected")
    check_finite(a_all, "actual")

    failures = []
    start = 0
    for index, shape in enumerate(shapes):
        count = int(np.prod(shape))
        e = e_all[start:start + count].reshape(shape)
        a = a_all[start:start + count].reshape(shape)
        start += count
        label = "" if len(shapes) == 1 else "part %d %s: " % (index, shape)
        rel = compare_part(e, a, args.rtol, label)
        if rel > args.rtol:
            failures.append("%srelative L-inf error %.3g exceeds rtol %g"
                            % (label, rel, args.rtol))
        if len(shapes) == 1:
            te, ta = top5(e), top5(a)
            print("top-5 expected %s" % te)
            print("top-5 actual   %s" % ta)
            if args.top5 and set(te) != set(ta):
                failures.append("top-5 sets differ: expected %s, actual %s"
                                % (sorted(te), sorted(ta)))
    if failures:
        fail("; ".join(failures))
    print("OK (%d tensor%s compared)" % (len(shapes), "" if len(shapes) == 1 else "s"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
