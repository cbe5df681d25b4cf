#!/usr/bin/python3
"""ONNX models for the ONNX import tests, into OUTDIR:

tiny.onnx          torch.onnx.export (opset 13) of a small seeded random
                   net in MobileNetV3's ops: conv+BN+Hardswish, depthwise
                   conv+BN+ReLU6, pool, flatten, linear; input 1x3x8x8
input.f32, logits.f32   an input and the net's output for it (torch, f32)
tiny-ext.onnx, tiny-ext.weights   the same with every FLOAT initializer's
                   data in the external file (location/offset/length)
tiny-batch.onnx    the same exported with a symbolic batch dimension
tiny-bn.onnx, logits-bn.f32   tiny with a BatchNorm2d on its input first
                   (nothing to fold it into: a BatchNormalization node)
                   and its output for input.f32
tiny-transb0.onnx  tiny.onnx with its Gemm's weight stored [in, out]
                   (transB 0)
sequential.onnx, logits-sequential.f32   an export of a plain
                   nn.Sequential (parameters "0.weight", ...) and its output
                   for input.f32
Bad inputs, each from tiny.onnx unless said:
maxpool.onnx       an export with a MaxPool node
hardsigmoid-alpha.onnx  HardSigmoid alpha 0.2 (ONNX's default, not torch's)
asym-pads.onnx     the stem Conv with pads [1, 1, 0, 0]
clip.onnx          an export of Hardtanh: Clip(-1, 1)
double.onnx        the linear layer's weight declared DOUBLE
missing-init.onnx  the linear layer's bias initializer removed
ext-missing.onnx, ext-escape.onnx, ext-short.onnx, ext-length.onnx
                   tiny-ext.onnx with the first tensor's external file
                   missing, "../"-relative, too short for its offset, or a
                   length that is not its shape's
gemm-alpha.onnx    the Gemm with alpha 2
square.onnx        an export of stem(x) * stem(x): a Mul of two maps
two-inputs.onnx    an export of a net taking two images
two-outputs.onnx   an export returning the pooled features and the logits
                   (outputs "features" and "logits"): accepted
dynamic.onnx       an export with dynamic height and width
opset12.onnx       an export at opset 12
truncated.onnx     the first half of tiny.onnx; corrupt.onnx: its first
                   100 bytes then 0xff bytes
auto-pad.onnx      the stem Conv with auto_pad "SAME_UPPER" (and no pads)
auto-pad-int.onnx  the stem Conv with auto_pad as an INT attribute
extra-attribute.onnx  the stem Conv with an INT attribute "foo", which ONNX
                   does not define for Conv
domain.onnx        the hardswish's Mul node in domain "com.example" (which
                   the model imports, before the default domain)
bn-training.onnx   tiny-bn.onnx with its BatchNormalization's training_mode 1
double-input.onnx  the graph input declared DOUBLE
raw-length.onnx    the linear layer's weight with 100 bytes of raw_data (its
                   shape needs 128)
ext-offset.onnx    tiny-ext.onnx with the first tensor's offset "12abc"
uncomputed.onnx    the graph output renamed "fc.bias" (an initializer)
output-shape.onnx  the graph output declared [1, 5] (the nodes compute
                   [1, 4])
no-outputs.onnx    the graph output removed
no-opset.onnx      the model's one opset_import in domain "com.example"

Usage: make_onnx_cases.py OUTDIR. Needs /usr/bin/python3 (torch).
"""

import collections
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools"))
sys.path.insert(0, HERE)
import mnv3_torch  # noqa: E402
import onnx_wire  # noqa: E402

RESOLUTION = 8


def tiny_net(last=None, input_norm=False):
    layers = [("norm", nn.BatchNorm2d(3))] if input_norm else []
    layers += [
        ("stem", nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False),
                               nn.BatchNorm2d(8), nn.Hardswish())),
        ("dw", nn.Sequential(nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8,
                                       bias=False),
                             nn.BatchNorm2d(8), last or nn.ReLU6())),
        ("pool", nn.AdaptiveAvgPool2d(1)),
        ("flatten", nn.Flatten(1)),
        ("fc", nn.Linear(8, 4)),
    ]
    model = nn.Sequential(collections.OrderedDict(layers))
    return mnv3_torch.randomize(model, seed=3, resolution=RESOLUTION)


def export(model, path, opset=13, **kwargs):
    x = torch.zeros(1, 3, RESOLUTION, RESOLUTION)
    torch.onnx.export(model.eval(), x, path, opset_version=opset,
                      input_names=["input"], output_names=["logits"], **kwargs)


def is_node(op_type):
    return lambda node: onnx_wire.string(node, 4) == op_type


def named(name):
    return lambda message: onnx_wire.string(message, 8) == name


def node_named(name):
    return lambda node: onnx_wire.string(node, 3) == name


def value_named(name):
    """Matches a graph input or output (ValueInfoProto) by name."""
    return lambda info: onnx_wire.string(info, 1) == name


def edit_tensor_type(info, change):
    """change(entries) edits the TypeProto.Tensor of a decoded ValueInfoProto
    in place."""
    for entry in info:
        if entry[0] == 2:
            type_proto = onnx_wire.decode(entry[2])
            for field in type_proto:
                if field[0] == 1:
                    tensor = onnx_wire.decode(field[2])
                    change(tensor)
                    field[2] = onnx_wire.encode(tensor)
            entry[2] = onnx_wire.encode(type_proto)


def edit_opsets(path, change):
    """change(opset_imports) edits the model's list of [field, wire, value]
    opset_import entries (OperatorSetIdProto: 1 domain, 2 version)."""
    with open(path, "rb") as f:
        model = onnx_wire.decode(f.read())
    opsets = [e for e in model if e[0] == 8]
    change(opsets)
    model = [e for e in model if e[0] != 8] + opsets
    with open(path, "wb") as f:
        f.write(onnx_wire.encode(model))


def externalize(graph, weights_path, location):
    """Moves every FLOAT initializer's raw_data to `weights_path`."""
    blob = bytearray()

    def move(tensor):
        raw = next(e for e in tensor if e[0] == 9)
        entries = [("location", location), ("offset", str(len(blob))),
                   ("length", str(len(raw[2])))]
        blob.extend(raw[2])
        tensor.remove(raw)
        for key, value in entries:
            pair = [[1, onnx_wire.BYTES, key.encode()],
                    [2, onnx_wire.BYTES, value.encode()]]
            tensor.append([13, onnx_wire.BYTES, onnx_wire.encode(pair)])
        tensor.append([14, onnx_wire.VARINT, 1])

    def is_float_with_raw_data(tensor):
        return ([e[2] for e in tensor if e[0] == 2] == [1] and
                any(e[0] == 9 for e in tensor))

    onnx_wire.edit_messages(graph, 5, is_float_with_raw_data, move)
    with open(weights_path, "wb") as f:
        f.write(blob)


def copy_edited(out, source, name, change):
    path = os.path.join(out, name)
    with open(os.path.join(out, source), "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data)
    onnx_wire.edit(path, change)


def set_first_location(location=None, offset=None, length=None):
    """Edits the first external initializer's location, offset or length."""
    def change(graph):
        def rewrite(tensor):
            for entry in tensor:
                if entry[0] != 13:
                    continue
                pair = onnx_wire.decode(entry[2])
                key = onnx_wire.string(pair, 1)
                new = {"location": location, "offset": offset,
                       "length": length}.get(key)
                if new is not None:
                    entry[2] = onnx_wire.encode(
                        [[1, onnx_wire.BYTES, key.encode()],
                         [2, onnx_wire.BYTES, new.encode()]])
        first = [True]

        def once(_):
            hit, first[0] = first[0], False
            return hit
        onnx_wire.edit_messages(graph, 5, once, rewrite)
    return change


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    model = tiny_net()
    tiny = os.path.join(out, "tiny.onnx")
    export(model, tiny)
    x = torch.randn(1, 3, RESOLUTION, RESOLUTION,
                    generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        y = model(x)
    x.numpy().astype("<f4").tofile(os.path.join(out, "input.f32"))
    y.numpy().astype("<f4").tofile(os.path.join(out, "logits.f32"))

    copy_edited(out, "tiny.onnx", "tiny-ext.onnx", lambda g: externalize(
        g, os.path.join(out, "tiny-ext.weights"), "tiny-ext.weights"))
    copy_edited(out, "tiny-ext.onnx", "ext-missing.onnx",
                set_first_location(location="missing.weights"))
    copy_edited(out, "tiny-ext.onnx", "ext-escape.onnx",
                set_first_location(location="../tiny-ext.weights"))
    copy_edited(out, "tiny-ext.onnx", "ext-short.onnx",
                set_first_location(offset="1300"))
    copy_edited(out, "tiny-ext.onnx", "ext-length.onnx",
                set_first_location(length="100"))
    copy_edited(out, "tiny-ext.onnx", "ext-offset.onnx",
                set_first_location(offset="12abc"))

    export(model, os.path.join(out, "tiny-batch.onnx"),
           dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    normed = tiny_net(input_norm=True)
    export(normed, os.path.join(out, "tiny-bn.onnx"))
    copy_edited(out, "tiny-bn.onnx", "bn-training.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, is_node("BatchNormalization"),
                    lambda n: onnx_wire.add_attribute(n, "training_mode", 1)))
    with torch.no_grad():
        normed(x).numpy().astype("<f4").tofile(os.path.join(out, "logits-bn.f32"))

    def transpose_fc(graph):
        def transpose(tensor):
            rows, cols = [e[2] for e in tensor if e[0] == 1]
            raw = next(e for e in tensor if e[0] == 9)
            raw[2] = (torch.frombuffer(bytearray(raw[2]), dtype=torch.float32)
                      .reshape(rows, cols).t().contiguous().numpy().tobytes())
            tensor[:] = [e for e in tensor if e[0] != 1]
            tensor[:0] = [[1, onnx_wire.VARINT, cols], [1, onnx_wire.VARINT, rows]]
        onnx_wire.edit_messages(graph, 5, named("fc.weight"), transpose)

        def trans_b_0(node):
            for entry in node:
                if entry[0] == 5:
                    attribute = onnx_wire.decode(entry[2])
                    if onnx_wire.string(attribute, 1) == "transB":
                        for e in attribute:
                            if e[0] == 3:
                                e[2] = 0
                        entry[2] = onnx_wire.encode(attribute)
        onnx_wire.edit_messages(graph, 1, is_node("Gemm"), trans_b_0)
    copy_edited(out, "tiny.onnx", "tiny-transb0.onnx", transpose_fc)

    # Parameter names of a plain Sequential start with a digit ("0.weight").
    sequential = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(),
                               nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                               nn.Linear(4, 2)).eval()
    export(sequential, os.path.join(out, "sequential.onnx"))
    with torch.no_grad():
        sequential(x).numpy().astype("<f4").tofile(
            os.path.join(out, "logits-sequential.f32"))

    copy_edited(out, "tiny.onnx", "gemm-alpha.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, is_node("Gemm"),
                    lambda n: onnx_wire.set_attribute(n, "alpha", 2, 2.0)))

    class Square(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = model.stem

        def forward(self, x):
            y = self.stem(x)
            return y * y
    export(Square(), os.path.join(out, "square.onnx"))

    class TwoInputs(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = model

        def forward(self, x, y):
            return self.net(x) + self.net(y)
    torch.onnx.export(TwoInputs().eval(), (x, x), os.path.join(out, "two-inputs.onnx"),
                      opset_version=13)

    class TwoOutputs(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = model

        def forward(self, x):
            features = self.net[:3](x)
            return features, self.net[3:](features)
    torch.onnx.export(TwoOutputs().eval(), x, os.path.join(out, "two-outputs.onnx"),
                      opset_version=13, input_names=["input"],
                      output_names=["features", "logits"])

    pooled = tiny_net()
    pooled.stem.add_module("3", nn.MaxPool2d(2))
    export(pooled, os.path.join(out, "maxpool.onnx"))
    export(tiny_net(last=nn.Hardtanh()), os.path.join(out, "clip.onnx"))
    export(model, os.path.join(out, "dynamic.onnx"),
           dynamic_axes={"input": {2: "height", 3: "width"}})
    export(model, os.path.join(out, "opset12.onnx"), opset=12)

    copy_edited(out, "tiny.onnx", "hardsigmoid-alpha.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, is_node("HardSigmoid"),
                    lambda n: onnx_wire.set_attribute(n, "alpha", 2, 0.2)))
    copy_edited(out, "tiny.onnx", "asym-pads.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, node_named("/stem/stem.0/Conv"),
                    lambda n: onnx_wire.set_attribute(n, "pads", 8, [1, 1, 0, 0])))

    def same_upper(node):
        node[:] = [e for e in node if not (
            e[0] == 5 and onnx_wire.string(onnx_wire.decode(e[2]), 1) == "pads")]
        onnx_wire.add_attribute(node, "auto_pad", "SAME_UPPER")
    copy_edited(out, "tiny.onnx", "auto-pad.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, node_named("/stem/stem.0/Conv"), same_upper))

    copy_edited(out, "tiny.onnx", "auto-pad-int.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, node_named("/stem/stem.0/Conv"),
                    lambda n: onnx_wire.add_attribute(n, "auto_pad", 1)))

    copy_edited(out, "tiny.onnx", "extra-attribute.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, node_named("/stem/stem.0/Conv"),
                    lambda n: onnx_wire.add_attribute(n, "foo", 1)))

    copy_edited(out, "tiny.onnx", "domain.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 1, node_named("/stem/stem.2/Mul"),
                    lambda n: n.append([7, onnx_wire.BYTES, b"com.example"])))
    edit_opsets(os.path.join(out, "domain.onnx"), lambda opsets: opsets.insert(
        0, [8, onnx_wire.BYTES, onnx_wire.encode(
            [[1, onnx_wire.BYTES, b"com.example"], [2, onnx_wire.VARINT, 1]])]))

    def in_domain(opsets):
        for opset in opsets:
            opset[2] = onnx_wire.encode(
                [[1, onnx_wire.BYTES, b"com.example"]] +
                [e for e in onnx_wire.decode(opset[2]) if e[0] != 1])
    copy_edited(out, "tiny.onnx", "no-opset.onnx", lambda g: None)
    edit_opsets(os.path.join(out, "no-opset.onnx"), in_domain)

    def elem_type(value):
        def change(tensor):
            for e in tensor:
                if e[0] == 1:
                    e[2] = value
        return change
    copy_edited(out, "tiny.onnx", "double-input.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 11, value_named("input"),
                    lambda info: edit_tensor_type(info, elem_type(11))))

    def declare_1x5(tensor):
        dims = [onnx_wire.encode([[1, onnx_wire.VARINT, d]]) for d in (1, 5)]
        for e in tensor:
            if e[0] == 2:
                e[2] = onnx_wire.encode([[1, onnx_wire.BYTES, d] for d in dims])
    copy_edited(out, "tiny.onnx", "output-shape.onnx",
                lambda g: onnx_wire.edit_messages(
                    g, 12, value_named("logits"),
                    lambda info: edit_tensor_type(info, declare_1x5)))

    def rename(name):
        def change(info):
            for e in info:
                if e[0] == 1:
                    e[2] = name.encode()
        return change
    copy_edited(out, "tiny.onnx", "uncomputed.onnx",
                lambda g: onnx_wire.edit_messages(g, 12, value_named("logits"),
                                                  rename("fc.bias")))

    def drop_outputs(graph):
        graph[:] = [e for e in graph if e[0] != 12]
    copy_edited(out, "tiny.onnx", "no-outputs.onnx", drop_outputs)

    def as_double(tensor):
        for entry in tensor:
            if entry[0] == 2:
                entry[2] = 11
    copy_edited(out, "tiny.onnx", "double.onnx",
                lambda g: onnx_wire.edit_messages(g, 5, named("fc.weight"),
                                                  as_double))

    def short_raw_data(tensor):
        raw = next(e for e in tensor if e[0] == 9)
        raw[2] = raw[2][:100]
    copy_edited(out, "tiny.onnx", "raw-length.onnx",
                lambda g: onnx_wire.edit_messages(g, 5, named("fc.weight"),
                                                  short_raw_data))

    def drop_bias(graph):
        graph[:] = [e for e in graph
                    if not (e[0] == 5 and named("fc.bias")(onnx_wire.decode(e[2])))]
    copy_edited(out, "tiny.onnx", "missing-init.onnx", drop_bias)

    with open(tiny, "rb") as f:
        data = f.read()
    with open(os.path.join(out, "truncated.onnx"), "wb") as f:
        f.write(data[:len(data) // 2])
    with open(os.path.join(out, "corrupt.onnx"), "wb") as f:
        f.write(data[:100] + b"\xff" * 64)


if __name__ == "__main__":
    main(sys.argv[1])
