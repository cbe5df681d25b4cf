#!/usr/bin/python3
"""torchvision's SSD post-processing as the oracle of runtime/c/mnv3_ssd.c.

    ssd_reference.py make DIR --seed N [--score-thresh T] [--topk K]
                              [--detections D] [--logit-std S] [--nan]
                              [--head-outputs FILE]
    ssd_reference.py check DIR [--allow-empty]

`make` writes random head outputs of SSDLite320 (320x320 input, 91
classes, 6 maps of 20, 10, 5, 3, 2, 1 cells, 6 boxes each: 3234 anchors)
(or, with --head-outputs, a network's bbox_regression then cls_logits as
raw f32, e.g. what a compiled SSDLite wrote) and torchvision's answer: the
anchors of the model's DefaultBoxGenerator
and SSD.postprocess_detections on those outputs. `check` compares what
test/Runtime/ssd_main wrote: anchors within 1e-3 px, then the same number
of detections with the same labels, boxes within 1e-3 px and scores within
1e-4, in the same order (none at all only with --allow-empty). Prints one line per comparison and exits 1 on any
difference.
"""
import argparse
import os
import sys

import numpy as np
import torch
from torchvision.models.detection import ssdlite320_mobilenet_v3_large
from torchvision.models.detection.image_list import ImageList

GRID = [20, 10, 5, 3, 2, 1]
SIZE = 320
CLASSES = 91


def make(args):
    torch.manual_seed(args.seed)
    model = ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None,
                                          num_classes=CLASSES).eval()
    model.score_thresh = args.score_thresh
    model.topk_candidates = args.topk
    model.detections_per_img = args.detections
    images = ImageList(torch.zeros(1, 3, SIZE, SIZE), [(SIZE, SIZE)])
    maps = [torch.zeros(1, 1, g, g) for g in GRID]
    anchors = model.anchor_generator(images, maps)
    count = anchors[0].shape[0]
    g = torch.Generator().manual_seed(args.seed)
    # Regressions that move and resize boxes by up to a few anchor sizes, so
    # that neighbouring boxes overlap at all kinds of IoU.
    regression = torch.randn(1, count, 4, generator=g) * torch.tensor([5.0, 5.0, 3.0, 3.0])
    logits = torch.randn(1, count, CLASSES, generator=g) * args.logit_std
    if args.head_outputs:
        given = torch.from_numpy(np.fromfile(args.head_outputs, "<f4"))
        if given.numel() != count * (4 + CLASSES):
            sys.exit("%s: %d floats, expected %d" % (args.head_outputs, given.numel(),
                                                     count * (4 + CLASSES)))
        regression = given[:count * 4].reshape(1, count, 4)
        logits = given[count * 4:].reshape(1, count, CLASSES)
    if args.nan:  # NaN boxes (kept, NaN) and NaN scores (dropped) for some anchors
        regression[0, ::97, :] = float("nan")
        logits[0, 5::101, :] = float("nan")
    with torch.no_grad():
        found = model.postprocess_detections(
            {"bbox_regression": regression, "cls_logits": logits}, anchors, [(SIZE, SIZE)])[0]
    os.makedirs(args.dir, exist_ok=True)
    regression.numpy().astype("<f4").tofile(os.path.join(args.dir, "bbox_regression.f32"))
    logits.numpy().astype("<f4").tofile(os.path.join(args.dir, "cls_logits.f32"))
    anchors[0].numpy().astype("<f4").tofile(os.path.join(args.dir, "anchors.f32"))
    with open(os.path.join(args.dir, "case.txt"), "w") as f:
        f.write("%d %s\n%d %d %d %r %r %d %d\n" % (
            len(GRID), " ".join("%d %d" % (g, g) for g in GRID), SIZE, SIZE, CLASSES,
            args.score_thresh, model.nms_thresh, args.topk, args.detections))
    table = np.concatenate([found["boxes"].numpy(), found["scores"].numpy()[:, None],
                            found["labels"].numpy()[:, None].astype(np.float32)], axis=1)
    np.savetxt(os.path.join(args.dir, "detections.txt"), table, fmt="%.9g")
    print("%d anchors, %d detections (torchvision)" % (count, len(table)))


def check(args):
    ok = True
    expected = np.fromfile(os.path.join(args.dir, "anchors.f32"), "<f4")
    actual = np.fromfile(os.path.join(args.dir, "anchors.out.f32"), "<f4")
    if expected.shape != actual.shape:
        print("anchors: %d floats, expected %d: FAIL" % (actual.size, expected.size))
        return 1
    error = float(np.abs(expected - actual).max())
    ok &= error <= 1e-3
    print("anchors: %d boxes, max error %.3g px: %s" % (expected.size // 4, error,
                                                       "OK" if error <= 1e-3 else "FAIL"))
    want, got = (np.loadtxt(os.path.join(args.dir, name), ndmin=2).reshape(-1, 6)
                 if os.path.getsize(os.path.join(args.dir, name)) else np.zeros((0, 6))
                 for name in ("detections.txt", "detections.out.txt"))
    if want.shape != got.shape:
        print("detections: %d, expected %d: FAIL" % (len(got), len(want)))
        return 1
    labels = bool((want[:, 5] == got[:, 5]).all()) if len(want) else True
    def error(a, b):  # NaN where both are NaN counts as equal
        if not len(a):
            return 0.0
        same_nan = np.isnan(a) & np.isnan(b)
        return float(np.where(same_nan, 0.0, np.abs(a - b)).max())
    box_error, score_error = error(want[:, :4], got[:, :4]), error(want[:, 4], got[:, 4])
    nan_boxes = int(np.isnan(want[:, :4]).any(axis=1).sum())
    good = (labels and box_error <= 1e-3 and score_error <= 1e-4
            and (len(want) > 0 or args.allow_empty))
    ok &= good
    print("detections: %d (%d with NaN boxes), labels %s, max box error %.3g px, "
          "max score error %.3g: %s" % (
        len(want), nan_boxes, "equal" if labels else "DIFFER", box_error, score_error,
        "OK" if good else "FAIL"))
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["make", "check"])
    parser.add_argument("dir")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--score-thresh", type=float, default=0.001)
    parser.add_argument("--topk", type=int, default=300)
    parser.add_argument("--detections", type=int, default=300)
    parser.add_argument("--logit-std", type=float, default=2.0)
    parser.add_argument("--head-outputs", help="make: use these head outputs")
    parser.add_argument("--nan", action="store_true",
                        help="make: NaN regressions and logits for some anchors")
    parser.add_argument("--allow-empty", action="store_true",
                        help="check: no detections at all is a pass")
    args = parser.parse_args()
    torch.set_num_threads(1)
    return make(args) if args.command == "make" else check(args)


if __name__ == "__main__":
    sys.exit(main() or 0)
