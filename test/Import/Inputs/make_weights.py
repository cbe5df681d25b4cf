#!/usr/bin/python3
"""Weights for Inputs/tiny.mnv3, good and broken, for the binding tests.

    make_weights.py OUTDIR            write the files below into OUTDIR
    make_weights.py --compare A B     compare two raw f32 files (max abs diff)

The good file is the state_dict of the torchvision MobileNetV3 that
tiny.mnv3 describes (so its names are torchvision's, num_batches_tracked
included); each broken file changes one thing:

    good.safetensors        every tensor, F32 (I64 for num_batches_tracked)
    f16.safetensors         the same in F16 (the binder converts)
    missing.safetensors     without features.1.block.0.1.running_var
    extra.safetensors       plus features.9.weight, which the model lacks
    wrong-shape.safetensors features.2.block.0.0.weight transposed to [8, 32, 1, 1]
    wrong-dtype.safetensors classifier.3.bias as I32
    several.safetensors     missing + wrong shape + extra at once
    half.safetensors        every other tensor (by name) left out
    nan.safetensors         a NaN in features.0.0.weight, an Inf in
                            classifier.0.bias, a negative variance in
                            features.1.block.0.1.running_var, and both a NaN
                            and a negative variance in
                            features.2.block.1.1.running_var
    all-nan.safetensors     every float tensor all NaN
    truncated.safetensors   good.safetensors cut 64 bytes short
    input.bin               a [1, 3, 16, 16] f32 image
    short-input.bin         the image without its last pixel
    expected.bin            torchvision's logits [1, 10] for input.bin

safetensors is written by hand (json header + raw little-endian data), so
only torch and torchvision are needed (and only to write: --compare is
plain Python, so it starts fast).
"""

import json
import os
import struct
import sys
from functools import partial



def tiny_model():
    import torch
    from torchvision.models.mobilenetv3 import (InvertedResidualConfig,
                                                MobileNetV3)
    conf = partial(InvertedResidualConfig, width_mult=1.0)
    rows = [conf(8, 3, 8, 8, True, "RE", 1, 1),
            conf(8, 3, 32, 16, False, "HS", 2, 1)]
    model = MobileNetV3(rows, last_channel=32, num_classes=10)
    # Non-trivial BatchNorm statistics, so a mix-up of them would show.
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 1.5)
    return model.eval()


def write_safetensors(path, tensors):
    import torch
    dtypes = {torch.float32: "F32", torch.float16: "F16", torch.int64: "I64",
              torch.int32: "I32"}
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        tensor = tensors[name].contiguous()
        data = tensor.numpy().tobytes()
        header[name] = {"dtype": dtypes[tensor.dtype],
                        "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def write_raw(path, tensor):
    with open(path, "wb") as f:
        f.write(tensor.contiguous().numpy().astype("<f4").tobytes())


def main(outdir):
    import torch
    torch.manual_seed(0)
    os.makedirs(outdir, exist_ok=True)
    out = partial(os.path.join, outdir)
    model = tiny_model()
    good = dict(model.state_dict())
    write_safetensors(out("good.safetensors"), good)

    write_safetensors(out("f16.safetensors"), {
        k: v.half() if v.is_floating_point() else v for k, v in good.items()})

    missing = dict(good)
    del missing["features.1.block.0.1.running_var"]
    write_safetensors(out("missing.safetensors"), missing)

    extra = dict(good)
    extra["features.9.weight"] = torch.zeros(4)
    write_safetensors(out("extra.safetensors"), extra)

    wrong_shape = dict(good)
    name = "features.2.block.0.0.weight"
    wrong_shape[name] = good[name].transpose(0, 1)
    write_safetensors(out("wrong-shape.safetensors"), wrong_shape)

    wrong_dtype = dict(good)
    wrong_dtype["classifier.3.bias"] = good["classifier.3.bias"].to(torch.int32)
    write_safetensors(out("wrong-dtype.safetensors"), wrong_dtype)

    several = dict(wrong_shape)
    del several["features.1.block.0.1.running_var"]
    several["features.9.weight"] = torch.zeros(4)
    write_safetensors(out("several.safetensors"), several)

    names = sorted(good)
    write_safetensors(out("half.safetensors"),
                      {name: good[name] for name in names[::2]})

    nan = {k: v.clone() for k, v in good.items()}
    nan["features.0.0.weight"].view(-1)[0] = float("nan")
    nan["classifier.0.bias"][1] = float("inf")
    nan["features.1.block.0.1.running_var"][2] = -0.5
    nan["features.2.block.1.1.running_var"][0] = float("nan")
    nan["features.2.block.1.1.running_var"][1] = -1.0
    write_safetensors(out("nan.safetensors"), nan)

    write_safetensors(out("all-nan.safetensors"), {
        k: torch.full_like(v, float("nan")) if v.is_floating_point() else v
        for k, v in good.items()})

    with open(out("good.safetensors"), "rb") as f:
        data = f.read()
    with open(out("truncated.safetensors"), "wb") as f:
        f.write(data[:-64])

    image = torch.rand(1, 3, 16, 16) * 2 - 1
    write_raw(out("input.bin"), image)
    write_raw(out("short-input.bin"), image.flatten()[:-1])
    with torch.no_grad():
        write_raw(out("expected.bin"), model(image))


def compare(path_a, path_b):
    def read(path):
        with open(path, "rb") as f:
            data = f.read()
        return struct.unpack("<%df" % (len(data) // 4), data)
    a, b = read(path_a), read(path_b)
    if len(a) != len(b):
        print("size mismatch: %d vs %d floats" % (len(a), len(b)))
        return 1
    diff = max(abs(x - y) for x, y in zip(a, b))
    print("max abs diff %s %g" % ("OK" if diff < 1e-4 else "TOO LARGE", diff))
    return 0 if diff < 1e-4 else 1


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    main(sys.argv[1])
