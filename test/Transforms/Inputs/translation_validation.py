#!/usr/bin/python3
"""Translation validation of the mnv3-default pipeline, pass by pass.

    translation_validation.py --spec MODEL.mnv3 --ref DIR [--features 1,C,H,W]
        [--result logits.f32 --result-shape 1,1000]
        --compare test/e2e/compare.py --out DIR [--rtol-pass 1e-5]
        [--rtol-torch 1e-4] [--no-op PASS ...]

DIR (--ref) is what test/e2e/make_reference.py writes: weights.safetensors,
input.f32 and torchvision's logits.f32 / features.f32 (or, with --result
out.f32 --result-shape 1,21,H,W, what make_dense_reference.py writes for a
segmentation network). The model is run with `mnv3c run` (found on PATH)
after no passes, after each prefix of the default pipeline and after
mnv3-default itself, writing its result and, with --features, dumping the
pre-pool features. Then every stage is compared, with compare.py, against

  * the stage before it: relative L-inf <= --rtol-pass, logits with the
    same top-5 (a pass must not change what the network computes), and
  * torchvision: relative L-inf <= --rtol-torch, logits with the same top-5.
A 4-D result (a segmentation map) is compared without the top-5.

mnv3-default is compared with no passes (the whole pipeline) and with the
last prefix (what the pipeline adds: canonicalization). So that a pass that
silently does nothing cannot pass as "numerically identical", each stage is
also imported with `mnv3c import --passes` and its top-level ops other than
constants are counted (Inputs/count_ops.py): each pass must make fewer,
except a pass named by --no-op, which must leave exactly as many (the
squeeze-excite fusion on a network without SE: MobileNetV2, MNASNet).
One line per check, ending in OK or FAIL, so the log shows each measured
error; the exit code is 1 if any check failed.
"""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from count_ops import census  # noqa: E402

FUNC = "func.func(%s)"
PASSES = ["mnv3-fold-batchnorm", "mnv3-fuse-activation",
          "mnv3-fuse-squeeze-excite", "mnv3-fuse-inverted-residual"]

# (stage name, --passes value, stage it is compared with)
STAGES = [("none", "", None)]
for i, name in enumerate(PASSES):
    STAGES.append(("+" + name, FUNC % ",".join(PASSES[:i + 1]), STAGES[-1][0]))
STAGES.append(("mnv3-default", "mnv3-default", "none"))
EXTRA = [("mnv3-default", "+" + PASSES[-1])]


def compare(script, expected, actual, shape, rtol, top5):
    command = [sys.executable, script, expected, actual, "--shape", shape,
               "--rtol", repr(rtol)] + (["--top5"] if top5 else [])
    result = subprocess.run(command, capture_output=True, text=True)
    rel = re.search(r"rel L-inf\s+(\S+)", result.stdout)
    reason = re.search(r"FAIL: (.*)", result.stdout)
    text = "rel L-inf %s" % (rel.group(1) if rel else "?")
    if result.returncode != 0:
        text += " [%s]" % (reason.group(1) if reason else result.stdout.strip()
                            or result.stderr.strip())
    return result.returncode == 0, text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", required=True)
    parser.add_argument("--ref", required=True)
    parser.add_argument("--features", help="shape, e.g. 1,960,7,7")
    parser.add_argument("--result", default="logits.f32",
                        help="torchvision's result in --ref")
    parser.add_argument("--result-shape", default="1,1000")
    parser.add_argument("--compare", required=True, help="test/e2e/compare.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--rtol-pass", type=float, default=1e-5)
    parser.add_argument("--rtol-torch", type=float, default=1e-4)
    parser.add_argument("--no-op", action="append", default=[], metavar="PASS",
                        help="a pass with nothing to do in this network")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    def files(stage):
        tag = stage.lstrip("+")
        return (os.path.join(args.out, "result.%s.f32" % tag),
                os.path.join(args.out, "features.%s.f32" % tag))
    top5 = len(args.result_shape.split(",")) == 2

    ok = True
    sizes = {}
    for stage, passes, _ in STAGES:
        result = subprocess.run(["mnv3c", "import", args.spec, "--passes=" + passes],
                                capture_output=True, text=True)
        if result.returncode != 0:
            print("import %s: FAIL\n%s" % (stage, result.stderr))
            return 1
        (counter,) = census(result.stdout.splitlines()).values()
        sizes[stage] = sum(n for (where, op), n in counter.items()
                           if where == "top" and op != "mnv3.constant")
    chain = [stage for stage, _, _ in STAGES[:-1]]
    unknown = set(args.no_op) - {stage.lstrip("+") for stage in chain}
    if unknown:
        print("--no-op %s: FAIL: not a pass of the pipeline" % ", ".join(sorted(unknown)))
        return 1
    shrinks, text = True, "%s %d" % (chain[0], sizes[chain[0]])
    for a, b in zip(chain, chain[1:]):
        idle = b.lstrip("+") in args.no_op
        shrinks &= sizes[a] == sizes[b] if idle else sizes[a] > sizes[b]
        text += " %s %s %d" % ("=" if idle else ">", b, sizes[b])
    shrinks &= sizes["mnv3-default"] == sizes[chain[-1]]
    ok &= shrinks
    print("top-level ops: %s; mnv3-default %d: %s" % (
        text, sizes["mnv3-default"], "OK" if shrinks else "FAIL"))

    for stage, passes, _ in STAGES:
        logits, features = files(stage)
        command = ["mnv3c", "run", args.spec,
                   "--weights", os.path.join(args.ref, "weights.safetensors"),
                   "--input", os.path.join(args.ref, "input.f32"),
                   "--passes=" + passes, "--output", logits]
        if args.features:
            command += ["--dump-features", features]
        result = subprocess.run(command, capture_output=True, text=True)
        print("run %s: --passes='%s': %s" % (
            stage, passes, "OK" if result.returncode == 0 else "FAIL"))
        if result.returncode != 0:
            print(result.stdout + result.stderr)
            return 1

    def check(label, expected, actual, rtol):
        nonlocal ok
        good, text = compare(args.compare, expected[0], actual[0],
                             args.result_shape, rtol, top5=top5)
        text = "%s %s" % ("logits" if top5 else "result", text)
        if args.features:
            good_f, text_f = compare(args.compare, expected[1], actual[1],
                                     args.features, rtol, top5=False)
            good &= good_f
            text += ", features " + text_f
        ok &= good
        print("%s: %s (rtol %g): %s" % (label, text, rtol, "OK" if good else "FAIL"))

    for stage, _, before in STAGES[1:]:
        check("%s vs %s" % (stage, before), files(before), files(stage), args.rtol_pass)
    for stage, before in EXTRA:
        check("%s vs %s" % (stage, before), files(before), files(stage), args.rtol_pass)
    torch = (os.path.join(args.ref, args.result), os.path.join(args.ref, "features.f32"))
    for stage, _, _ in STAGES:
        check("%s vs torch" % stage, torch, files(stage), args.rtol_torch)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
