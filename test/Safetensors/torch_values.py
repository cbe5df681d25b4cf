#!/usr/bin/python3
"""Checks what safetensors-dump (mnv3::SafetensorsFile) reads against torch.

    torch_values.py OUTDIR [--dump PATH-TO-safetensors-dump]
    torch_values.py OUTDIR --make-pth    (only writes .pth inputs for
                                          export-weights.test)

Writes, with tools/mnv3-export-weights.py's writer, random F32, F16 and BF16
tensors, all 65536 F16 bit patterns (subnormals, infinities, NaNs), an I64
scalar, and a seeded random torchvision MobileNetV3-Small; then checks that
  - the dump lists every tensor with its dtype and shape, in file order;
  - the printed leading values equal torch's, formatted "%.9g";
  - --extract gives bit-for-bit torch's tensor.float() (F16/BF16 widening
    included, NaN payloads too).
Prints one "OK ..." line per check; exits 1 with a reason on the first
mismatch. Needs /usr/bin/python3 with torch and numpy.
"""

import argparse
import math
import os
import re
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import mnv3_torch  # noqa: E402  (the tools directory is not a package)

EXPORT_WEIGHTS = os.path.join(HERE, "..", "..", "tools", "mnv3-export-weights.py")


def export_weights(arguments):
    """Runs the exporter's command line; returns its exit status."""
    return subprocess.run([sys.executable, EXPORT_WEIGHTS] + arguments).returncode


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail("%s exited with %d: %s" % (" ".join(cmd), r.returncode, r.stderr.strip()))
    return r.stdout


def fmt(v):
    """printf's "%.9g" (glibc prints a NaN with its sign bit set as "-nan")."""
    if math.isnan(v):
        return "-nan" if math.copysign(1.0, v) < 0 else "nan"
    return "%.9g" % v


def check_file(dump, path, tensors, outdir, n=6, extract_all=True):
    """tensors: [(name, torch.Tensor)] as written, in file order."""
    lines = [l for l in run([dump, "-n", str(n), path]).splitlines()
             if not l.startswith("metadata ")]
    if len(lines) != len(tensors):
        fail("%s: dump lists %d tensors, expected %d" % (path, len(lines), len(tensors)))
    for line, (name, t) in zip(lines, tensors):
        m = re.match(r"^(\S+) (\S+) \[([0-9, ]*)\] \[(\d+), (\d+)\)(?:: ?(.*))?$", line)
        if not m:
            fail("cannot parse dump line %r" % line)
        dtype = {torch.float32: "F32", torch.float16: "F16",
                 torch.bfloat16: "BF16", torch.int64: "I64"}[t.dtype]
        shape = [int(d) for d in m.group(3).split(", ")] if m.group(3) else []
        if (m.group(1), m.group(2), shape) != (name, dtype, list(t.shape)):
            fail("dump line %r, expected %s %s %s" % (line, name, dtype, list(t.shape)))
        flat = t.reshape(-1)
        if t.is_floating_point():
            expected = [fmt(v) for v in flat[:n].float().tolist()]
        else:
            expected = [str(v) for v in flat[:n].tolist()]
        if flat.numel() > n:
            expected.append("...")
        if (m.group(6) or "").split() != expected:
            fail("%s: dump prints %r, torch has %r" % (name, m.group(6), " ".join(expected)))
        if t.is_floating_point() and extract_all:
            out = os.path.join(outdir, "extract.f32")
            run([dump, path, "--extract", name, "-o", out])
            got = open(out, "rb").read()
            want = t.float().contiguous().numpy().astype("<f4").tobytes()
            if got != want:
                a = np.frombuffer(got, "<u4")
                b = np.frombuffer(want, "<u4")
                if a.shape != b.shape:
                    fail("%s: extracted %d values, torch has %d" % (name, a.size, b.size))
                i = int(np.nonzero(a != b)[0][0])
                fail("%s: value %d extracted as bits %08x, torch.float() gives %08x"
                     % (name, i, a[i], b[i]))
    print("OK %s: %d tensors" % (os.path.basename(path), len(tensors)))


def make_pth(outdir):
    """Inputs of tools/mnv3-export-weights.py --state-dict: a plain
    state_dict, a DataParallel checkpoint holding one, a pickled model, one
    with a value beyond F16, and not a state_dict at all."""
    import torchvision
    torch.manual_seed(0)
    model = torchvision.models.mobilenet_v3_small()
    sd = model.state_dict()
    torch.save(sd, os.path.join(outdir, "sd.pth"))
    torch.save({"epoch": 3, "state_dict": {"module." + k: v for k, v in sd.items()}},
               os.path.join(outdir, "ckpt.pth"))
    torch.save(model, os.path.join(outdir, "model.pth"))
    big = dict(sd)
    big["classifier.3.bias"] = big["classifier.3.bias"].clone()
    big["classifier.3.bias"][7] = 1e6
    torch.save(big, os.path.join(outdir, "big.pth"))
    torch.save([1, 2, 3], os.path.join(outdir, "list.pth"))
    with open(os.path.join(outdir, "garbage.pth"), "w") as f:
        f.write("not a pickle")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--dump", default="safetensors-dump")
    parser.add_argument("--make-pth", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    if args.make_pth:
        return make_pth(args.outdir)
    torch.set_num_threads(1)

    g = torch.Generator().manual_seed(1234)
    all_halves = torch.arange(65536, dtype=torch.int32).to(torch.int16).view(torch.float16)
    tensors = [
        ("conv.weight", torch.randn(8, 3, 3, 3, generator=g)),
        ("scaled", torch.randn(5, 7, generator=g) * 1e-3),
        ("half", (torch.randn(33, generator=g) * 100).half()),
        ("bfloat", (torch.randn(17, generator=g) * 10).bfloat16()),
        ("all_halves", all_halves),
        ("count", torch.tensor(42, dtype=torch.int64)),
        ("scalar", torch.tensor(-0.75)),
    ]
    path = os.path.join(args.outdir, "mixed.safetensors")
    mnv3_torch.write_safetensors(path, tensors, {"note": "torch_values.py"})
    check_file(args.dump, path, tensors, args.outdir, n=6)
    # Every F16 bit pattern, printed: catches a widening bug in the dump
    # path, not only in --extract.
    check_file(args.dump, path, tensors, args.outdir, n=65536, extract_all=False)

    # A real network's state_dict, through the exporter's CLI.
    path = os.path.join(args.outdir, "small.safetensors")
    if export_weights(["--torchvision", "small", "--seed", "3", "-o", path]) != 0:
        fail("mnv3-export-weights.py failed")
    model, _, _ = mnv3_torch.build_random("small", 3)
    tensors = [(k, v) for k, v in model.state_dict().items()
               if not k.endswith("num_batches_tracked")]
    check_file(args.dump, path, tensors, args.outdir, n=4, extract_all=False)
    for name in ("features.0.0.weight", "features.4.block.2.fc1.weight",
                 "features.12.1.running_var", "classifier.3.bias"):
        check_file_one = [(name, model.state_dict()[name])]
        out = os.path.join(args.outdir, "extract.f32")
        run([args.dump, path, "--extract", name, "-o", out])
        want = check_file_one[0][1].float().numpy().astype("<f4").tobytes()
        if open(out, "rb").read() != want:
            fail("%s: extracted values differ from the model's" % name)
    print("OK small.safetensors: extracted tensors match the model")

    path = os.path.join(args.outdir, "small-f16.safetensors")
    if export_weights(["--torchvision", "small", "--seed", "3", "--f16",
                       "--keep-num-batches-tracked", "-o", path]) != 0:
        fail("mnv3-export-weights.py --f16 failed")
    tensors = [(k, v.half() if v.is_floating_point() else v)
               for k, v in model.state_dict().items()]
    check_file(args.dump, path, tensors, args.outdir, n=4, extract_all=False)


if __name__ == "__main__":
    main()
