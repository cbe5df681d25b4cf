"""Checks one written case (case_files.py) against mnv3c, stage by stage:

  import     mnv3c import: the spec parses and the network verifies
  reference  mnv3c run: the reference evaluator's logits and pre-pool
             features against torchvision
  fused      mnv3c run --passes=mnv3-default: the same after the fusion
             passes (so a compiled failure with a good fused reference
             points at code generation, not at the passes)
  compiled   test/e2e/compile-and-run.sh (mnv3c compile for the host, link
             with bench/model_main.c, run, repeat bit for bit): its logits
             against torchvision

Each comparison is test/e2e/compare.py (relative L-inf <= rtol; --top5 adds
the same top-5 set) plus the same top-1 here. The first stage that fails
stops the case with StageFailed.
"""

import os
import re
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(HERE, "..", "e2e")
COMPARE = os.path.join(E2E, "compare.py")
COMPILE_AND_RUN = os.path.join(E2E, "compile-and-run.sh")
TIMEOUT_S = 1800  # a hang is a finding too


class StageFailed(Exception):
    """`signature` names the kind of failure without its numbers, so that a
    shrunk case can be checked to fail the same way."""

    def __init__(self, stage, message, kind):
        super().__init__("%s: %s" % (stage, message))
        self.stage, self.message = stage, message
        self.signature = "%s: %s" % (stage, kind)


def _error_kind(output):
    """The first `error:` line with numbers and quoted names blanked."""
    line = next((l for l in output.splitlines() if "error" in l), output.strip()[:200])
    line = line.split("error:", 1)[-1]
    return re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'X'", line)).strip()


def _run(stage, argv):
    start = time.monotonic()
    try:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise StageFailed(stage, "%s timed out after %d s" % (argv[0], TIMEOUT_S), "timeout")
    if done.returncode != 0:
        tail = "\n".join(done.stdout.strip().splitlines()[-12:])
        raise StageFailed(stage, "%s exited with %d:\n%s" % (
            " ".join(argv), done.returncode, tail), _error_kind(done.stdout))
    return time.monotonic() - start


def _compare(stage, expected, actual, shape, rtol, top5):
    """compare.py's verdict, plus the same top-1; returns the rel L-inf text."""
    argv = ["/usr/bin/python3", COMPARE, expected, actual, "--shape",
            ",".join(map(str, shape)), "--rtol", repr(rtol)] + (["--top5"] if top5 else [])
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    what = "%s vs torchvision" % os.path.basename(actual)
    if done.returncode != 0:
        raise StageFailed(stage, "%s: %s" % (what, done.stdout.strip().replace("\n", "; ")),
                          "numerics")

    def field(prefix):  # compare.py prints one "prefix value" line per field
        return next(line[len(prefix):].strip() for line in done.stdout.splitlines()
                    if line.startswith(prefix))

    ranked = [field("top-5 expected"), field("top-5 actual")]
    if ranked[0].strip("[]").split(",")[0] != ranked[1].strip("[]").split(",")[0]:
        raise StageFailed(stage, "%s: top-1 differs: expected top-5 %s, actual %s"
                          % (what, ranked[0], ranked[1]), "numerics")
    return field("rel L-inf").split()[0]


def check(directory, info, threads, rtol):
    """Runs every stage on the case in `directory`; returns one result line
    per stage, or raises StageFailed."""
    path = lambda name: os.path.join(directory, name)  # noqa: E731
    spec, weights, given = path("model.mnv3"), path("weights.safetensors"), path("input.f32")
    logits_shape, features_shape = info["logits_shape"], info["features_shape"]
    top5 = logits_shape[-1] >= 5
    results = []

    _run("import", ["mnv3c", "import", spec, "--elide-weights", "-o", path("model.mlir")])

    for stage, passes in (("reference", []), ("fused", ["--passes=mnv3-default"])):
        seconds = _run(stage, ["mnv3c", "run", spec, "--weights", weights, "--input", given,
                               "--output", path(stage + ".out"),
                               "--dump-features", path(stage + "-features.out")] + passes)
        logits_rel = _compare(stage, path("logits.f32"), path(stage + ".out"),
                              logits_shape, rtol, top5)
        features_rel = _compare(stage, path("features.f32"), path(stage + "-features.out"),
                                features_shape, rtol, False)
        results.append("%-9s  logits rel L-inf %s, features %s (%.1f s)"
                       % (stage + ":", logits_rel, features_rel, seconds))

    seconds = _run("compiled", [COMPILE_AND_RUN, "host", spec, weights, given,
                                path("compiled.out"), path("lib"), "--threads", str(threads)])
    compiled_rel = _compare("compiled", path("logits.f32"), path("compiled.out"),
                            logits_shape, rtol, top5)
    results.append("compiled:  logits rel L-inf %s (compile, link, run: %.1f s)"
                   % (compiled_rel, seconds))
    return results
