#!/usr/bin/python3
"""Writes torchvision's answer for a seeded random dense-prediction model,
for the e2e tests:

    make_dense_reference.py --model {lraspp,ssdlite} --seed N --size HxW --out DIR

lraspp   torchvision.models.segmentation.lraspp_mobilenet_v3_large(
             num_classes=21, weights_backbone=None): Large with a dilated
             last stage; LR-ASPP head on backbone.4 and backbone.16.
             Output: out [1, 21, H, W].
ssdlite  torchvision.models.detection.ssdlite320_mobilenet_v3_large(
             num_classes=91, weights_backbone=None): what its head gives
             for an already transformed image, model.head(model.backbone(x)):
             bbox_regression [1, anchors, 4], cls_logits [1, anchors, 91].

DIR/weights.safetensors  the model's state_dict (torchvision names, F32,
                         no num_batches_tracked)
DIR/input.f32            input ~ N(0, 1), [1, 3, H, W] NCHW, little-endian f32
DIR/NAME.f32             each output NAME, as torch lays it out
DIR/outputs.f32          all outputs one after another (mnv3c's output buffer)
DIR/meta.json            shapes, seeds, torch's own f32 error

The reference is the float64 forward of the f32 weights and input (then
rounded to f32); meta.json's "torch_f32_rel_linf" is how far torch's own f32
forward is from it. Weights: mnv3_torch.randomize (BatchNorm statistics
calibrated on random images of the same size, then perturbed). One thread,
fixed seeds: the same arguments give byte-identical files. Needs
/usr/bin/python3 (torch 1.13, torchvision 0.14).
"""

import argparse
import copy
import json
import os
import sys

import torch
from torch import nn
from torchvision.models import detection, segmentation

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import mnv3_torch  # noqa: E402  (the tools directory is not a package)
from make_reference import rel_linf, write_f32  # noqa: E402


def build_lraspp():
    # weights_backbone=None: no download of ImageNet weights.
    return segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None,
                                                  num_classes=21)


class SsdHeads(nn.Module):
    """An SSD's backbone and head without its transform and post-processing:
    the network mnv3c compiles (state_dict keys as the SSD's)."""

    def __init__(self, ssd):
        super().__init__()
        self.backbone, self.head = ssd.backbone, ssd.head

    def forward(self, x):
        return self.head(list(self.backbone(x).values()))


def build_ssdlite():
    return SsdHeads(detection.ssdlite320_mobilenet_v3_large(
        weights=None, weights_backbone=None, num_classes=91))


# Each returns a module whose forward gives a dict of named outputs.
MODELS = {"lraspp": build_lraspp, "ssdlite": build_ssdlite}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    parser.add_argument("--seed", type=int, required=True, help="weights seed")
    parser.add_argument("--size", required=True, metavar="HxW")
    parser.add_argument("--out", required=True, metavar="DIR")
    args = parser.parse_args(argv)
    try:
        height, width = (int(v) for v in args.size.split("x"))
    except ValueError:
        parser.error("--size takes HxW, e.g. 224x224")
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    model = MODELS[args.model]()
    mnv3_torch.randomize(model, args.seed, (height, width), calib_batches=2)
    g = torch.Generator().manual_seed(args.seed + 1000)
    x = torch.randn(1, 3, height, width, generator=g)
    with torch.no_grad():
        outputs = copy.deepcopy(model).double().eval()(x.double())
        outputs32 = model(x)

    os.makedirs(args.out, exist_ok=True)
    tensors = mnv3_torch.export_tensors(model.state_dict())
    mnv3_torch.write_safetensors(
        os.path.join(args.out, "weights.safetensors"), tensors,
        {"format": "pt", "source": "make_dense_reference.py", "arch": args.model,
         "seed": args.seed, "dtype": "F32", "num_batches_tracked": "dropped"})
    write_f32(os.path.join(args.out, "input.f32"), x)
    with open(os.path.join(args.out, "outputs.f32"), "wb") as f:
        for name, value in outputs.items():
            write_f32(os.path.join(args.out, name + ".f32"), value)
            f.write(value.float().contiguous().numpy().astype("<f4").tobytes())
    meta = {
        "model": args.model, "seed": args.seed, "input_seed": args.seed + 1000,
        "input": {"file": "input.f32", "shape": list(x.shape), "layout": "NCHW"},
        "outputs": {name: {"file": name + ".f32", "shape": list(value.shape),
                           "rms": float("%.4g" % float(value.pow(2).mean().sqrt())),
                           "torch_f32_rel_linf": float("%.4g" % rel_linf(value, outputs32[name]))}
                    for name, value in outputs.items()},
        "weights": {"file": "weights.safetensors", "tensors": len(tensors)},
        "reference": "float64 forward of the f32 weights and input, rounded to f32",
        "torch": torch.__version__,
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    print("%s seed %d: input %s; %s" % (args.model, args.seed, list(x.shape), "; ".join(
        "%s %s (rms %.3g, torch f32 vs f64 rel L-inf %.3g)" % (
            name, o["shape"], o["rms"], o["torch_f32_rel_linf"])
        for name, o in meta["outputs"].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
