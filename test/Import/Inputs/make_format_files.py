#!/usr/bin/python3
"""Files of other formats for file-formats.test, into OUTDIR:
checkpoint.pth (torch.save of a small state_dict: a zip archive),
legacy.pth (the same with torch.save's legacy pickle format), small.onnx
(torch.onnx.export of a small conv net), onnx-renamed.mnv3 (the same bytes
under a spec's name)."""
import os
import shutil
import sys

import torch
from torch import nn


def main(out):
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU()).eval()
    torch.save(net.state_dict(), os.path.join(out, "checkpoint.pth"))
    torch.save(net.state_dict(), os.path.join(out, "legacy.pth"),
               _use_new_zipfile_serialization=False)
    onnx = os.path.join(out, "small.onnx")
    torch.onnx.export(net, torch.zeros(1, 3, 8, 8), onnx, opset_version=13)
    shutil.copy(onnx, os.path.join(out, "onnx-renamed.mnv3"))


if __name__ == "__main__":
    main(sys.argv[1])
