#!/usr/bin/python3
"""Random MobileNetV3-style architectures as a property test of mnv3c.

Each case draws a valid architecture from (seed, case) (arch_config.py:
kernels 1-11, absolute and ratio expansions, SE, relu/hswish/relu6/swish,
strides, a dilated tail, width 0.25-1.5, 1-4 input channels at sizes down to
1 pixel, 1-1000 classes, 1-16 blocks, head and classifier variants), builds
it in torchvision with seeded random weights and perturbed BatchNorm
statistics, and checks that mnv3c's reference evaluator (before and after
the fusion passes) and its compiled library all give torchvision's logits
within --rtol (relative L-inf, as test/e2e/compare.py defines it) with the
same top-1 (and top-5 with >= 5 classes). Every case prints its one-line
config and the command that reproduces it. Exits 1 if any case fails or
none ran.

CI runs a few fixed seeds (test/property/random-architectures.test); many
fresh ones on demand:
  test/property/random_arch.py --bin build/bin --seed $(date +%s) --count 200
Reproduce one case, keeping its files (spec, weights, input, expected):
  test/property/random_arch.py --bin build/bin --seed S --case K --keep
Needs /usr/bin/python3 (torch, torchvision, numpy) and mnv3c on PATH or --bin.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

import arch_config

SCRIPT = os.path.relpath(os.path.abspath(__file__), os.getcwd())


def reproducer(args, which):
    """The one command that runs a case again; `which` selects it."""
    return "%s%s %s --keep" % (SCRIPT, " --bin " + args.bin if args.bin else "", which)


def attempt(arch, directory, rtol):
    """Writes and checks one case: ("pass", lines, None), ("skip", lines,
    None) or ("fail", lines, StageFailed)."""
    import case_files  # torch: only imported when a case runs
    import check_case
    try:
        info = case_files.write_case(arch, directory, rtol)
    except case_files.IllConditioned as e:
        return "skip", ["SKIP ill-conditioned: %s" % e], None
    lines = ["torchvision: logits %s, features %s, its own f32 error %.2g (input draw %d)"
             % (info["logits_shape"], info["features_shape"], info["torch_f32_error"],
                info["input_draw"])]
    try:
        lines += check_case.check(directory, info, arch.threads, rtol)
    except check_case.StageFailed as e:
        return "fail", lines + ["FAIL at %s: %s" % (e.stage, e.message)], e
    return "pass", lines + ["PASS"], None


def run_case(arch, which, work, args):
    """Runs, prints and (with --shrink) shrinks one case; returns its
    verdict and its StageFailed (or None)."""
    print("case %d/%d: %s" % (arch.seed, arch.case, arch_config.summary(arch)))
    print("  reproduce: " + reproducer(args, which))
    if which.startswith("--arch "):
        name = os.path.splitext(os.path.basename(which[len("--arch "):]))[0]
    else:
        name = "%d-%d" % (arch.seed, arch.case)
    directory = os.path.join(work, name)
    verdict, lines, failure = attempt(arch, directory, args.rtol)
    for line in lines:
        print("  " + line.replace("\n", "\n    "))
    if verdict == "fail" or args.keep:
        print("  files kept in %s" % directory)
    else:
        shutil.rmtree(directory, ignore_errors=True)
    sys.stdout.flush()
    if failure and args.shrink:
        report_shrunk(arch, failure, work, args)
    return verdict, failure


def report_shrunk(arch, failure, work, args):
    """Shrinks a failed case, saves the result as JSON for --arch, prints it."""
    import shrink

    def fails_as(candidate):
        directory = os.path.join(work, "shrinking")
        _, _, got = attempt(candidate, directory, args.rtol)
        shutil.rmtree(directory, ignore_errors=True)
        return got.signature if got else None

    def log(text):
        print("    " + text)
        sys.stdout.flush()

    small = shrink.shrink(arch, failure.signature, fails_as, log)
    stem = os.path.join(work, "%d-%d-shrunk" % (arch.seed, arch.case))
    with open(stem + ".json", "w") as f:
        f.write(json.dumps(arch_config.to_dict(small), indent=1) + "\n")
    _, lines, _ = attempt(small, stem, args.rtol)
    print("  shrunk (%s): %s" % (failure.signature, arch_config.summary(small)))
    print("  shrunk reproduce: " + reproducer(args, "--arch %s.json" % stem))
    for line in lines:
        print("    " + line.replace("\n", "\n      "))
    print("    " + arch_config.spec_text(small).replace("\n", "\n    ").rstrip())
    sys.stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of the cases (default 1); e.g. $(date +%%s) for fresh ones")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--count", type=int, default=1, metavar="N",
                       help="run cases 0..N-1 of the seed (default 1)")
    which.add_argument("--case", type=int, metavar="K", help="run case K of the seed only")
    which.add_argument("--arch", metavar="FILE.json", nargs="+",
                       help="run the architectures saved in these files (as --shrink "
                            "writes them; Inputs/ holds those of past findings)")
    parser.add_argument("--list", action="store_true",
                        help="print each case's config line and exit (no torch, no mnv3c)")
    parser.add_argument("--print-spec", action="store_true",
                        help="with --list: print each case's spec too")
    parser.add_argument("--rtol", type=float, default=1e-4,
                        help="bound on relative L-inf error (default 1e-4)")
    parser.add_argument("--work", metavar="DIR",
                        help="where case directories go (default: a new temporary directory)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the files of passing cases too (failing ones are always kept)")
    parser.add_argument("--shrink", action="store_true",
                        help="shrink each failing case to a small one that fails the same "
                             "way (minutes per failure)")
    parser.add_argument("--bin", metavar="DIR",
                        help="directory holding mnv3c, put first on PATH (default: PATH)")
    args = parser.parse_args(argv)
    if args.seed < 0 or (args.case is not None and args.case < 0) or args.count < 1:
        parser.error("--seed and --case must be >= 0 and --count >= 1")
    cases = []  # (architecture, the options that select it again)
    for path in args.arch or []:
        with open(path) as f:
            cases.append((arch_config.from_dict(json.load(f)), "--arch " + path))
    if not args.arch:
        for k in [args.case] if args.case is not None else range(args.count):
            cases.append((arch_config.draw(args.seed, k), "--seed %d --case %d" % (args.seed, k)))

    if args.list:
        for arch, _ in cases:
            print("case %d/%d: %s" % (arch.seed, arch.case, arch_config.summary(arch)))
            if args.print_spec:
                print(arch_config.spec_text(arch))
        return 0

    if args.bin:
        os.environ["PATH"] = os.path.abspath(args.bin) + os.pathsep + os.environ["PATH"]
    if not shutil.which("mnv3c"):
        parser.error("mnv3c is not on PATH; pass --bin DIR (e.g. --bin build/bin)")
    work = args.work or tempfile.mkdtemp(prefix="mnv3c-random-arch-")
    os.makedirs(work, exist_ok=True)

    start = time.monotonic()
    results = [(which,) + run_case(arch, which, work, args) for arch, which in cases]
    kinds = {}  # failure signature -> the cases that failed that way
    for which, _, failure in results:
        if failure:
            kinds.setdefault(failure.signature, []).append(which)
    failed = sum(len(cases) for cases in kinds.values())
    ran = sum(verdict != "skip" for _, verdict, _ in results)
    print("random architectures: ran %d cases: %d passed, %d failed, "
          "%d skipped as ill-conditioned (%.0f s)" % (
              ran, ran - failed, failed, len(results) - ran, time.monotonic() - start))
    for signature, cases in sorted(kinds.items(), key=lambda item: -len(item[1])):
        print("  %d failed at %s" % (len(cases), signature))
        for which in cases:
            print("    " + reproducer(args, which))
    if ran == 0:
        print("FAIL: no case ran")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
