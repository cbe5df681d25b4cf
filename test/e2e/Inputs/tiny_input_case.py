#!/usr/bin/python3
"""Writes the files of a tiny 3x7x7 network whose last feature map is 1x1,
for tiny-input.test:

    tiny_input_case.py OUTDIR

Maps: 7x7 -> stem s2 -> 4x4 -> bneck s2 -> 2x2 -> bneck s2 with SE -> 1x1
(squeeze-excite on a 1x1 map) -> head on 1x1 -> pool avg -> fc -> fc. The
pool of a 1x1 map is the identity, so canonicalization drops it. The files
(model.mnv3, weights.safetensors, input.f32, logits.f32 from torchvision in
float64) are written by test/property's case writer, which builds any spec's
network in torchvision.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "property"))
from arch_config import Arch, Block, Fc  # noqa: E402
import case_files  # noqa: E402

TINY = Arch(
    seed=7, case=7, in_channels=3, height=7, width=7, width_mult=1.0, bn_eps=1e-3,
    stem_kernel=3, stem_out=8, stem_stride=2, stem_act="hswish",
    blocks=[Block(kernel=3, expansion="16", out=8, se=False, act="relu", stride=2),
            Block(kernel=3, expansion="32", out=16, se=True, act="hswish", stride=2)],
    head_out="x6", head_act="hswish",
    classifier=[Fc(32, "hswish"), Fc(10)], threads=1)

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tiny_input_case.py OUTDIR")
    print(case_files.write_case(TINY, sys.argv[1], rtol=1e-4))
