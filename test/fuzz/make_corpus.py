#!/usr/bin/python3
"""Rewrites the seed corpora test/fuzz/corpus/{spec,ir,safetensors}.

    make_corpus.py BUILD_DIR

BUILD_DIR is the checked build (docs/testing.md): its bin/ has mnv3c and the
fuzzers. Candidates come from what the repo already tests with:

    spec         models/, the specs of test/Import and test/e2e, the split-file
                 cases of test/Import/spec-*-errors.test, bind-model.mnv3
    ir           test/Import/Inputs/pool-linear.mlir, each function of
                 test/Dialect/ops.mlir, each split of test/Dialect/errors.mlir
                 and test/Transforms/*.mlir, bind-model.mnv3 imported (without
                 weights, with them, and fused by mnv3-default)
    safetensors  the files of test/Safetensors/make_bad_files.py (under 4 KiB)
                 and weights for bind-model.mnv3 in F32, F16 and BF16

Each fuzzer then keeps the subset of its candidates that covers everything
they cover (libFuzzer -set_cover_merge=1), so the corpus stays small; files
are named by the SHA-1 of their content. Weights are seeded, so the same build
gives the same files. Needs /usr/bin/python3 with torch (the weights are
written by tools/mnv3_torch.py).
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
BIND_SPEC = os.path.join(HERE, "bind-model.mnv3")
MAX_SAFETENSORS_SEED = 4096


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(directory, name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(directory, name), mode) as f:
        f.write(data)


def split_file_cases(path):
    """The `#--- NAME` sections of a split-file lit test, as {NAME: text}."""
    cases, name = {}, None
    for line in read(path).splitlines(keepends=True):
        if line.startswith("#--- "):
            name = line[5:].strip()
            cases[name] = ""
        elif name:
            cases[name] += line
    return cases


def top_level_functions(text):
    """Each `func.func ... }` block that starts at column 0."""
    return re.findall(r"^func\.func.*?^}\n", text, re.M | re.S)


def splits(text):
    return [piece for piece in text.split("// -----") if piece.strip()]


def mnv3c(build, *args):
    return subprocess.run([os.path.join(build, "bin", "mnv3c"), *args],
                          check=True, capture_output=True, text=True).stdout


def spec_candidates(out):
    paths = (glob.glob(os.path.join(ROOT, "models", "*.mnv3")) +
             glob.glob(os.path.join(ROOT, "test", "*", "Inputs", "*.mnv3")) +
             [BIND_SPEC])
    for path in paths:
        shutil.copy(path, out)
    for test in glob.glob(os.path.join(ROOT, "test", "Import", "spec-*.test")):
        for name, text in split_file_cases(test).items():
            write(out, name, text)


def weights_candidates(out, build):
    import torch
    from mnv3_torch import write_safetensors
    placeholders = re.findall(r"dense_resource<([\w.]+)> : tensor<([\dx]+)xf32>",
                              mnv3c(build, "import", BIND_SPEC))
    generator = torch.Generator().manual_seed(1)
    tensors = [(name, torch.randn([int(d) for d in shape.split("x")],
                                  generator=generator))
               for name, shape in placeholders]
    write_safetensors(os.path.join(out, "bind-f32.safetensors"), tensors)
    write_safetensors(os.path.join(out, "bind-bf16.safetensors"),
                      [(n, t.bfloat16()) for n, t in tensors])
    counters = [("features.0.1.num_batches_tracked", torch.tensor(5))]
    write_safetensors(os.path.join(out, "bind-f16.safetensors"),
                      [(n, t.half()) for n, t in tensors] + counters,
                      metadata={"format": "pt"})


def safetensors_candidates(out, build):
    with tempfile.TemporaryDirectory() as files:
        subprocess.run([sys.executable,
                        os.path.join(ROOT, "test", "Safetensors", "make_bad_files.py"),
                        files], check=True)
        for path in glob.glob(os.path.join(files, "*")):
            if os.path.getsize(path) <= MAX_SAFETENSORS_SEED:
                shutil.copy(path, out)
    weights_candidates(out, build)


def ir_candidates(out, build):
    shutil.copy(os.path.join(ROOT, "test", "Import", "Inputs", "pool-linear.mlir"), out)
    for i, function in enumerate(top_level_functions(
            read(os.path.join(ROOT, "test", "Dialect", "ops.mlir")))):
        write(out, "ops-%02d.mlir" % i, function)
    for test in ([os.path.join(ROOT, "test", "Dialect", "errors.mlir")] +
                 glob.glob(os.path.join(ROOT, "test", "Transforms", "*.mlir"))):
        stem = os.path.splitext(os.path.basename(test))[0]
        for i, piece in enumerate(splits(read(test))):
            write(out, "%s-%02d.mlir" % (stem, i), piece)
    with tempfile.TemporaryDirectory() as weights:
        weights_candidates(weights, build)
        bound = os.path.join(weights, "bind-f32.safetensors")
        write(out, "bind.mlir", mnv3c(build, "import", BIND_SPEC))
        write(out, "bind-weights.mlir",
              mnv3c(build, "import", BIND_SPEC, "--weights", bound))
        write(out, "bind-fused.mlir",
              mnv3c(build, "import", BIND_SPEC, "--weights", bound,
                    "--passes=mnv3-default"))


def merge(build, harness, candidates):
    """Replaces corpus/HARNESS with the subset of `candidates` that keeps
    their coverage."""
    corpus = os.path.join(HERE, "corpus", harness)
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    subprocess.run([os.path.join(build, "bin", "fuzz-" + harness),
                    "-set_cover_merge=1", "-close_fd_mask=3", corpus, candidates],
                   check=True)
    print("%s: %d of %d candidates kept" % (harness, len(os.listdir(corpus)),
                                          len(os.listdir(candidates))))


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    build = os.path.abspath(argv[1])
    for harness, make in [("spec", spec_candidates),
                          ("ir", lambda out: ir_candidates(out, build)),
                          ("safetensors",
                           lambda out: safetensors_candidates(out, build))]:
        with tempfile.TemporaryDirectory() as candidates:
            make(candidates)
            merge(build, harness, candidates)


if __name__ == "__main__":
    main(sys.argv)
