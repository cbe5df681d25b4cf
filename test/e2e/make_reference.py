#!/usr/bin/python3
"""Writes torchvision's answer for a seeded random MobileNetV3, V2,
EfficientNet or MNASNet, for the e2e tests:

    make_reference.py --model MODEL --seed N --out DIR

MODEL is one of tools/mnv3_torch.py's MODELS: large, small, large-minimal,
custom075, mobilenet_v2, efficientnet_b0, tinynet_r08_w09_d08, mnasnet1_0.

DIR/weights.safetensors  the model's weights (tools/mnv3-export-weights.py
                         format: torchvision names, F32, no num_batches_tracked)
DIR/input.f32            input ~ N(0, 1), [1, 3, H, W] NCHW, raw little-endian f32;
                         with --camera-frame, torchvision's ImageNet
                         preprocessing of frame.u8: (x / 255 - mean) / std
DIR/frame.u8             with --camera-frame: a seeded random uint8 image,
                         [1, H, W, 3] NHWC, as a camera gives it
DIR/logits.f32           model(input), [1, classes]
DIR/features.f32         model.features(input) (MNASNet: model.layers), the
                         feature map before the
                         pool, [1, C, h, w] NCHW
DIR/meta.json            shapes, seeds, the model's rows and per-block RMS
DIR/stages.f32           with --stages 6,13.0,16: for each N the output of
                         features.N (model.features[:N+1](input)), for N.J
                         that of features.N.block.J (inside block N); NCHW,
                         one after another (a backbone's named outputs);
                         J indexes the block's Sequential (features.N.conv.J
                         in MobileNetV2)
DIR/modules.f32          with --modules features.3,features.4.0.block.2: the
                         output of each named torchvision module, NCHW, one
                         after another (any module path, e.g. an
                         EfficientNet's stage features.S or block features.S.B)

The reference outputs are computed in float64 from the f32 weights and input
(then rounded to f32), so they are the exact answer for those weights, not
one more f32 rounding order; meta.json records how far torch's own f32
forward is from it ("torch_f32_rel_linf"), a floor for any f32 tolerance.
Weights: see randomize() in tools/mnv3-export-weights.py (BN calibrated on
random batches and perturbed, never identity). One thread, fixed seeds: the
same arguments give byte-identical files. Needs /usr/bin/python3 (torch 1.13,
torchvision 0.14, numpy).

The models (rows: in k exp out se act s d, channels after the width rule):

large         torchvision.models.mobilenet_v3_large(), 224x224, 1000 classes
small         torchvision.models.mobilenet_v3_small(), 224x224, 1000 classes
mobilenet_v2  torchvision.models.mobilenet_v2(), 224x224, 1000 classes
efficientnet_b0
              torchvision.models.efficientnet_b0(), 224x224, 1000 classes
tinynet_r08_w09_d08
              torchvision's EfficientNet from
              _efficientnet_conf("efficientnet_b0", width_mult=0.9,
              depth_mult=0.8), dropout 0.2, 176x176, 1000 classes
mnasnet1_0    torchvision.models.mnasnet1_0(), 224x224, 1000 classes
large-minimal MobileNetV3-Large-Minimalistic: Large's rows with no SE, ReLU
              and kernel 3 everywhere; stem, head and classifier ReLU.
              224x224, 1000 classes, stem 16, head 960, fc 1280.
custom075     MobileNetV3(rows, last_channel=adjust_channels(1280)) with
              width_mult=0.75, 160x160 input, 1000 classes.
  rows as given to InvertedResidualConfig (before width 0.75):
      in  k  exp  out  se   act  s  d
      16  3   16   16  -    RE   1  1
      16  3   64   24  -    RE   2  1
      24  5   72   24  se   RE   1  1
      24  7   96   40  se   HS   2  1
      40  3  120   40  -    HS   1  1
      40  5  240   48  se   HS   2  1
      48  7  144   48  -    RE   1  1
      48  3  288   96  se   HS   1  2
      96  5  576   96  se   HS   1  2
      96  7  576   96  -    RE   1  2
  the same rows after torchvision's width rule (_make_divisible(c*0.75, 8)),
  i.e. what the built network has:
      in  k  exp  out  se   act  s  d   squeeze (SE: _make_divisible(exp//4, 8))
      16  3   16   16  -    RE   1  1            (exp == in: no expand conv)
      16  3   48   24  -    RE   2  1
      24  5   56   24  se   RE   1  1   16
      24  7   72   32  se   HS   2  1   24
      32  3   88   32  -    HS   1  1
      32  5  184   40  se   HS   2  1   48
      40  7  112   40  -    RE   1  1
      40  3  216   72  se   HS   1  2   56
      72  5  432   72  se   HS   1  2   112
      72  7  432   72  -    RE   1  2
  stem conv 3x3 s2 -> 16 hardswish; head conv 1x1 -> 432 (= 6 * 72, torchvision
  takes 6x the last row's out, *not* the width rule applied to 960) hardswish;
  avg pool; fc 432 -> 960 (= adjust_channels(1280)) hardswish; fc 960 -> 1000.
  Dilated rows keep stride 1 (torchvision forces it), padding (k-1)/2*d;
  maps: 160 -> 80 (stem) -> 40 -> 20 -> 10, features [1, 432, 10, 10].
"""

import argparse
import copy
import json
import os
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import mnv3_torch  # noqa: E402  (the tools directory is not a package)


def write_f32(path, tensor):
    data = tensor.detach().cpu().contiguous().numpy().astype("<f4").tobytes()
    with open(path, "wb") as f:
        f.write(data)


# torchvision's ImageNet preprocessing: ToTensor (x / 255), then Normalize.
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def imagenet_normalise(nchw_uint8):
    mean = torch.tensor(IMAGENET_MEAN, dtype=torch.float64).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, dtype=torch.float64).view(1, 3, 1, 1)
    return (nchw_uint8.double() / 255 - mean) / std


def rel_linf(expected, actual):
    e = expected.double()
    return float((actual.double() - e).abs().max() / e.abs().max())


def block_rms(model, x):
    """RMS of the output of each module of features (one value per block;
    MNASNet's bare modules one each)."""
    rms = []
    features = mnv3_torch.features_of(model)
    hooks = [block.register_forward_hook(
        lambda _m, _i, out: rms.append(float(out.double().pow(2).mean().sqrt())))
        for block in features]
    with torch.no_grad():
        features(x)
    for h in hooks:
        h.remove()
    return rms


def stage_output(model, x, stage):
    """The output of features.N ([N]) or of features.N.block.J ([N, J])."""
    if len(stage) == 1:
        return model.features[:stage[0] + 1](x)
    n, j = stage
    body = mnv3_torch.block_body(model.features[n])
    return body[:j + 1](model.features[:n](x))


def module_outputs(model, x, paths):
    """The outputs of the modules at `paths`, by forward hooks. Each is
    copied when its module returns: SiLU(inplace=True) and EfficientNet's
    residual `result += input` overwrite it afterwards."""
    outputs = {}
    hooks = [model.get_submodule(path).register_forward_hook(
        lambda _m, _i, out, path=path: outputs.setdefault(path, out.clone()))
        for path in paths]
    try:
        model(x)
    finally:
        for h in hooks:
            h.remove()
    return [outputs[path] for path in paths]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="See the top of this file for the models' row lists.")
    parser.add_argument("--model", required=True, choices=list(mnv3_torch.MODELS))
    parser.add_argument("--seed", type=int, required=True, help="weights seed")
    parser.add_argument("--input-seed", type=int, default=None,
                        help="input seed (default: seed + 1000)")
    parser.add_argument("--resolution", type=int, default=None,
                        help="input H = W (default: the model's, 224; 160 for "
                             "custom075, 176 for tinynet_r08_w09_d08)")
    parser.add_argument("--out", required=True, metavar="DIR")
    parser.add_argument("--camera-frame", action="store_true",
                        help="the input is a uint8 NHWC frame (frame.u8), "
                             "normalised as torchvision's ImageNet weights "
                             "expect")
    parser.add_argument("--stages", default="",
                        help="comma-separated N or N.J: also write stages.f32, "
                             "the output of each features.N or "
                             "features.N.block.J")
    parser.add_argument("--modules", default="",
                        help="comma-separated torchvision module paths: also "
                             "write modules.f32, the output of each")
    args = parser.parse_args(argv)
    try:
        stages = [[int(i) for i in n.split(".")] for n in args.stages.split(",") if n]
    except ValueError:
        parser.error("--stages takes comma-separated N or N.J")
    if any(len(s) > 2 for s in stages):
        parser.error("--stages takes comma-separated N or N.J")
    torch.set_num_threads(1)

    model, resolution, arch = mnv3_torch.build_random(args.model, args.seed)
    if args.resolution is not None:
        if args.resolution < 32:
            parser.error("--resolution must be at least 32")
        resolution = args.resolution
    input_seed = args.seed + 1000 if args.input_seed is None else args.input_seed
    g = torch.Generator().manual_seed(input_seed)
    if args.camera_frame:
        frame = torch.randint(0, 256, (1, resolution, resolution, 3),
                              generator=g, dtype=torch.uint8)
        x = imagenet_normalise(frame.permute(0, 3, 1, 2)).float()
    else:
        x = torch.randn(1, 3, resolution, resolution, generator=g)

    with torch.no_grad():
        ref = copy.deepcopy(model).double().eval()
        features = mnv3_torch.features_of(ref)(x.double())
        logits = ref(x.double())
        features32 = mnv3_torch.features_of(model)(x)
        logits32 = model(x)
        stage_outputs = [stage_output(ref, x.double(), s) for s in stages]
        modules = [m for m in args.modules.split(",") if m]
        named_outputs = module_outputs(ref, x.double(), modules) if modules else []

    os.makedirs(args.out, exist_ok=True)
    tensors = mnv3_torch.export_tensors(model.state_dict())
    mnv3_torch.write_safetensors(os.path.join(args.out, "weights.safetensors"), tensors, {
        "format": "pt", "source": "make_reference.py", "arch": arch,
        "seed": args.seed, "bn_eps": repr(mnv3_torch.bn_eps_of(model)), "dtype": "F32",
        "num_batches_tracked": "dropped"})
    write_f32(os.path.join(args.out, "input.f32"), x)
    if args.camera_frame:
        with open(os.path.join(args.out, "frame.u8"), "wb") as f:
            f.write(frame.numpy().tobytes())
    write_f32(os.path.join(args.out, "logits.f32"), logits)
    write_f32(os.path.join(args.out, "features.f32"), features)
    if stages:
        with open(os.path.join(args.out, "stages.f32"), "wb") as f:
            for t in stage_outputs:
                f.write(t.float().contiguous().numpy().astype("<f4").tobytes())
    if named_outputs:
        with open(os.path.join(args.out, "modules.f32"), "wb") as f:
            for t in named_outputs:
                f.write(t.float().contiguous().numpy().astype("<f4").tobytes())

    def sig(v):
        return float("%.4g" % v)

    # The first and last convolution of features and the activation after
    # each (a Conv2dNormActivation's, or MNASNet's bare modules).
    feature_modules = list(mnv3_torch.features_of(model).modules())
    convs = [m for m in feature_modules if isinstance(m, nn.Conv2d)]
    acts = [m for m in feature_modules if type(m) in mnv3_torch.ACTIVATION_CODES]
    linears = [m for m in model.classifier if isinstance(m, nn.Linear)]
    # MobileNetV3: [in, hidden, hidden activation, classes]; V2: [in, classes].
    classifier = [linears[0].in_features] + [
        type(m).__name__ if not isinstance(m, nn.Linear) else m.out_features
        for m in model.classifier if not isinstance(m, nn.Dropout)]
    ranked, order = logits[0].sort(descending=True)
    top5 = order[:5]
    meta = {
        "model": args.model,
        "arch": arch,
        "seed": args.seed,
        "input_seed": input_seed,
        "resolution": resolution,
        "num_classes": model.classifier[-1].out_features,
        "bn_eps": mnv3_torch.bn_eps_of(model),
        "input": {"file": "input.f32", "shape": list(x.shape), "layout": "NCHW"},
        "logits": {"file": "logits.f32", "shape": list(logits.shape)},
        "features": {"file": "features.f32", "shape": list(features.shape),
                     "layout": "NCHW"},
        "weights": {"file": "weights.safetensors", "tensors": len(tensors)},
        "reference": "float64 forward of the f32 weights and input, rounded to f32",
        "torch_f32_rel_linf": {"logits": sig(rel_linf(logits, logits32)),
                               "features": sig(rel_linf(features, features32))},
        "stem": {"out": convs[0].out_channels, "act": type(acts[0]).__name__},
        "rows": [list(r) for r in mnv3_torch.adjusted_rows(model)],
        "row_columns": ["in", "kernel", "expanded", "out", "se", "act", "stride",
                        "dilation"],
        "head": {"out": convs[-1].out_channels, "act": type(acts[-1]).__name__},
        "classifier": classifier,
        "block_rms": [sig(v) for v in block_rms(model, x)],
        "logits_rms": sig(float(logits.pow(2).mean().sqrt())),
        # The 5th-6th logit gap: a top-5 comparison is only meaningful when
        # the errors are well below it.
        "top5": top5.tolist(),
        "top5_margin": sig(float(ranked[4] - ranked[5])),
        "torch": torch.__version__,
        "torchvision": __import__("torchvision").__version__,
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print("%s seed %d: input %s, features %s, logits %s; torch f32 vs f64 rel "
          "L-inf: logits %.3g, features %.3g" % (
              args.model, args.seed, list(x.shape), list(features.shape),
              list(logits.shape), meta["torch_f32_rel_linf"]["logits"],
              meta["torch_f32_rel_linf"]["features"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
