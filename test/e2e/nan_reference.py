#!/usr/bin/python3
"""NaN and infinity, as torchvision propagates them, for nan-propagation.test.

    nan_reference.py make DIR     seeded random MobileNetV3-Small (224x224):
        DIR/weights.safetensors, DIR/negvar.safetensors (one BatchNorm
        running_var negative, which makes torch's output NaN), and for each
        case DIR/<case>.f32 (input) and DIR/<case>.expected.f32 (torch's
        logits): nan, posinf, neginf (every input value), nan-pixel and
        inf-pixel (one value), negvar (a finite input, negvar weights)
    nan_reference.py check EXPECTED ACTUAL
        NaN exactly where torch has NaN, the same infinities, and the finite
        logits within 1e-4 relative L-inf (of the finite ones).

Needs /usr/bin/python3 (torch 1.13, torchvision 0.14).
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import mnv3_torch  # noqa: E402

SEED = 21


def make(out):
    torch.set_num_threads(1)
    model, resolution, _ = mnv3_torch.build_random("small", SEED)
    model.eval()
    os.makedirs(out, exist_ok=True)
    mnv3_torch.write_safetensors(os.path.join(out, "weights.safetensors"),
                                 mnv3_torch.export_tensors(model.state_dict()))
    g = torch.Generator().manual_seed(SEED)
    x = torch.randn(1, 3, resolution, resolution, generator=g)
    cases = {
        "nan": torch.full_like(x, float("nan")),
        "posinf": torch.full_like(x, float("inf")),
        "neginf": torch.full_like(x, float("-inf")),
        "nan-pixel": x.clone().index_put_((torch.tensor(0), torch.tensor(1),
                                           torch.tensor(100), torch.tensor(50)),
                                          torch.tensor(float("nan"))),
        "inf-pixel": x.clone().index_put_((torch.tensor(0), torch.tensor(2),
                                           torch.tensor(7), torch.tensor(201)),
                                          torch.tensor(float("inf"))),
    }
    with torch.no_grad():
        for name, inp in cases.items():
            inp.numpy().astype("<f4").tofile(os.path.join(out, name + ".f32"))
            model(inp).numpy().astype("<f4").tofile(
                os.path.join(out, name + ".expected.f32"))
        # A negative running variance: sqrt of a negative number in the
        # folded BatchNorm.
        bn = model.features[1].block[0][1]
        bn.running_var[3] = -0.5
        mnv3_torch.write_safetensors(os.path.join(out, "negvar.safetensors"),
                                     mnv3_torch.export_tensors(model.state_dict()))
        x.numpy().astype("<f4").tofile(os.path.join(out, "negvar.f32"))
        model(x).numpy().astype("<f4").tofile(
            os.path.join(out, "negvar.expected.f32"))
    print("wrote %d cases to %s" % (len(cases) + 1, out))


def check(expected_path, actual_path):
    e = np.fromfile(expected_path, "<f4")
    a = np.fromfile(actual_path, "<f4")
    if e.shape != a.shape:
        sys.exit("FAIL %s: %d values, expected %d" % (actual_path, a.size, e.size))
    nan_e, nan_a = np.isnan(e), np.isnan(a)
    if not np.array_equal(nan_e, nan_a):
        sys.exit("FAIL %s: NaN at %d places, torch at %d (first difference at %d)"
                 % (actual_path, nan_a.sum(), nan_e.sum(),
                    int(np.argmax(nan_e != nan_a))))
    inf_e, inf_a = np.isinf(e), np.isinf(a)
    if not np.array_equal(inf_e, inf_a) or not np.array_equal(e[inf_e], a[inf_a]):
        sys.exit("FAIL %s: infinities differ from torch's" % actual_path)
    finite = ~(nan_e | inf_e)
    err = 0.0
    if finite.any():
        scale = max(np.abs(e[finite]).max(), 1e-30)
        err = np.abs(e[finite] - a[finite]).max() / scale
        if err > 1e-4:
            sys.exit("FAIL %s: finite logits rel L-inf %.3g" % (actual_path, err))
    print("PASS %s: %d NaN, %d inf, %d finite (rel L-inf %.3g) as torch"
          % (os.path.basename(actual_path), nan_a.sum(), inf_a.sum(),
             finite.sum(), err))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make":
        make(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
