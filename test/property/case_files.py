"""Writes one random case's files, all from torchvision:

    DIR/model.mnv3           the spec (arch_config.spec_text)
    DIR/weights.safetensors  seeded random weights, torchvision's names, F32
    DIR/input.f32            the input [1, C, H, W], raw little-endian f32
    DIR/logits.f32           torchvision's logits [1, classes]
    DIR/features.f32         torchvision's model.features(input), before the pool

The expected outputs are a float64 forward of the f32 weights and input
(then rounded to f32), so they are the exact answer for those weights.

An input is only used if it can tell a right answer from a wrong one at
`rtol`: torch's own float32 forward must be within rtol/10 of float64 (a
logit vector near zero, or an activation near a kink, would otherwise fail
any f32 implementation), and the top-1 and top-5 gaps must exceed
2 * rtol * max|logit| (so an answer within rtol cannot reorder them). Inputs
are redrawn, deterministically, until one qualifies.
"""

import copy
import os

import torch

import arch_config
import arch_torch
from arch_torch import mnv3_torch

INPUT_DRAWS = 10


class IllConditioned(Exception):
    """No input among INPUT_DRAWS qualifies: the case cannot test 1e-4."""


def weights_seed(arch):
    # Distinct cases get distinct weights; the same case always the same.
    return (arch.seed * 1000003 + arch.case) % (2 ** 31)


def _write_f32(path, tensor):
    with open(path, "wb") as f:
        f.write(tensor.detach().contiguous().numpy().astype("<f4").tobytes())


def _rel_linf(expected, actual):
    return float((actual - expected).abs().max() / expected.abs().max())


def _top_gaps(logits, ranks):
    """Gap between the k-th and (k+1)-th largest logit, for each k in ranks
    that leaves a (k+1)-th."""
    ordered = logits.flatten().sort(descending=True).values
    return [float(ordered[k - 1] - ordered[k]) for k in ranks if k < ordered.numel()]


def _draw_input(arch, model, exact, rtol):
    """(input, float64 logits, float64 features, torch f32 error, draw index)."""
    last_reason = ""
    for draw in range(INPUT_DRAWS):
        g = torch.Generator().manual_seed(weights_seed(arch) + 7919 * (draw + 1))
        x = torch.randn(1, arch.in_channels, arch.height, arch.width, generator=g)
        with torch.no_grad():
            features = exact.features(x.double())
            logits = exact(x.double())
            f32_error = _rel_linf(logits, model(x).double())
        scale = float(logits.abs().max())
        gaps = _top_gaps(logits, (1, 5))
        if f32_error > rtol / 10:
            last_reason = "torch's own f32 error %.2g > rtol/10" % f32_error
        elif scale == 0 or min(gaps, default=scale) <= 2 * rtol * scale:
            last_reason = "a top-1/top-5 gap of %.2g is within 2*rtol*max|logit|" % min(gaps)
        else:
            return x, logits, features, f32_error, draw
    raise IllConditioned("%d inputs drawn, none qualifies; last: %s" % (INPUT_DRAWS, last_reason))


def write_case(arch, directory, rtol):
    """Writes the case's files; returns a dict describing them."""
    torch.set_num_threads(1)
    torch.manual_seed(weights_seed(arch))  # torchvision's init, overwritten anyway
    model = arch_torch.random_model(arch, weights_seed(arch))
    exact = copy.deepcopy(model).double().eval()
    x, logits, features, f32_error, draw = _draw_input(arch, model, exact, rtol)

    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "model.mnv3"), "w") as f:
        f.write(arch_config.spec_text(arch))
    mnv3_torch.write_safetensors(
        os.path.join(directory, "weights.safetensors"),
        mnv3_torch.export_tensors(model.state_dict()),
        {"format": "pt", "source": "test/property/random_arch.py",
         "seed": arch.seed, "case": arch.case, "weights_seed": weights_seed(arch)})
    _write_f32(os.path.join(directory, "input.f32"), x)
    _write_f32(os.path.join(directory, "logits.f32"), logits.float())
    _write_f32(os.path.join(directory, "features.f32"), features.float())
    return {"logits_shape": list(logits.shape), "features_shape": list(features.shape),
            "torch_f32_error": f32_error, "input_draw": draw}
