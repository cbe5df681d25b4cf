#!/usr/bin/python3
"""Checks the reference evaluator (lib/Reference) against PyTorch.

For each op family this writes a small .mlir function with random weights
(as dense literals, splats, hex literals or dense_resource blobs) and a random
input, runs it through mnv3-eval, and compares the result with
torch.nn.functional at a relative L-inf error (max |got - want| / max |want|)
of at most 1e-5. Then it runs a whole MobileNetV3-Large (torchvision, random
weights and batch-norm statistics) in two forms, primitive ops and fused ops
with bneck regions, against torchvision itself, and checks the diagnostics
of the failure cases (unbound weight, wrong input shape, unknown op).

Run with the Debian python that has torch 1.13:
    /usr/bin/python3 test/Reference/ops.py --mnv3-eval build/bin/mnv3-eval
Prints one PASS/FAIL line per case; exits 1 if any case failed.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

TOLERANCE = 1e-5


def type_of(shape):
    return "tensor<" + "x".join(str(d) for d in shape) + "xf32>"


class Function:
    """Builds the text of `func.func @main`, one op per line.

    Weights become mnv3.constant ops in one of four forms: `resource`
    (dense_resource + a blob in the file's dialect_resources), `literal`
    (nested dense<[...]>), `hex` (dense<"0x...">) or `splat` (dense<v>).
    """

    def __init__(self, input_shape):
        self.input_shape = list(input_shape)
        self.lines = []
        self.resources = {}
        self.count = 0
        self.indent = "  "

    def emit(self, text):
        name = "%%v%d" % self.count
        self.count += 1
        self.lines.append("%s%s = %s" % (self.indent, name, text))
        return name

    def const(self, tensor, form="resource", key=None):
        t = tensor.detach().to(torch.float32).contiguous()
        if form == "resource":
            key = key or "w%d" % len(self.resources)
            assert key not in self.resources
            # The blob format: a 4-byte little-endian alignment, then the data.
            self.resources[key] = "0x04000000" + t.numpy().astype("<f4").tobytes().hex()
            value = "dense_resource<%s>" % key
        elif form == "literal":
            def nested(a):
                if a.ndim == 0:
                    return "%.9g" % float(a)
                return "[" + ", ".join(nested(x) for x in a) + "]"
            value = "dense<%s>" % nested(t.numpy())
        elif form == "hex":
            value = 'dense<"0x%s">' % t.numpy().astype("<f4").tobytes().hex().upper()
        elif form == "splat":
            assert bool((t == t.flatten()[0]).all())
            value = "dense<%.9g>" % float(t.flatten()[0])
        else:
            raise ValueError(form)
        return self.emit("mnv3.constant %s : %s" % (value, type_of(t.shape)))

    def bneck(self, x, in_shape, out_shape, body):
        """A mnv3.bneck whose region is built by body(arg) -> yielded value."""
        outer, outer_indent = self.lines, self.indent
        self.lines, self.indent = [], self.indent + "  "
        arg = "%%arg%d" % self.count
        self.count += 1
        result = body(arg)
        inner = self.lines
        self.lines, self.indent = outer, outer_indent
        name = self.emit("mnv3.bneck %s : %s -> %s {" % (x, type_of(in_shape), type_of(out_shape)))
        self.lines.append("%s^bb0(%s: %s):" % (self.indent, arg, type_of(in_shape)))
        self.lines += inner
        self.lines.append("%s  mnv3.yield %s : %s" % (self.indent, result, type_of(out_shape)))
        self.lines.append(self.indent + "}")
        return name

    def text(self, result, result_shape):
        lines = ["func.func @main(%%x: %s) -> %s {" % (type_of(self.input_shape), type_of(result_shape))]
        lines += self.lines
        lines.append("  return %s : %s" % (result, type_of(result_shape)))
        lines.append("}")
        if self.resources:
            entries = ",\n".join('    %s: "%s"' % kv for kv in self.resources.items())
            lines.append("{-#\n  dialect_resources: {\n  builtin: {\n%s\n  }\n  }\n#-}" % entries)
        return "\n".join(lines) + "\n"


# --- emitters of single ops (they return the SSA name and the result shape) ---

def conv_shape(in_shape, w_shape, stride, pad, dilation):
    out = [in_shape[0], w_shape[0]]
    for a in range(2):
        out.append((in_shape[2 + a] + 2 * pad[a] - dilation[a] * (w_shape[2 + a] - 1) - 1) // stride[a] + 1)
    return out


def emit_conv(f, x, in_shape, w, b=None, stride=(1, 1), pad=(0, 0), dilation=(1, 1),
              groups=1, act=None, form="resource", key=None):
    wv = f.const(w, form, key)
    bv = f.const(b, form, key and key.replace("weight", "bias")) if b is not None else None
    out = conv_shape(in_shape, list(w.shape), stride, pad, dilation)
    attrs = ""
    if tuple(stride) != (1, 1):
        attrs += " stride [%d, %d]" % tuple(stride)
    if tuple(pad) != (0, 0):
        attrs += " pad [%d, %d]" % tuple(pad)
    if tuple(dilation) != (1, 1):
        attrs += " dilation [%d, %d]" % tuple(dilation)
    if groups != 1:
        attrs += " groups %d" % groups
    if act:
        attrs += " act " + act
    operands = "%s, %s" % (x, wv) + (", " + bv if bv else "")
    types = "%s, %s" % (type_of(in_shape), type_of(w.shape)) + (", " + type_of(b.shape) if bv else "")
    return f.emit("mnv3.conv2d %s%s : %s -> %s" % (operands, attrs, types, type_of(out))), out


def emit_unary(f, op, x, shape):
    return f.emit("mnv3.%s %s : %s" % (op, x, type_of(shape)))


def emit_batch_norm(f, x, shape, bn, eps, forms=("resource",) * 4, key=None):
    params = [f.const(t, form, key and "%s.%s" % (key, n))
              for t, form, n in zip(bn, forms, ["weight", "bias", "running_mean", "running_var"])]
    return f.emit("mnv3.batch_norm %s, %s eps %.9e : %s, %s" % (
        x, ", ".join(params), eps, type_of(shape), type_of(bn[0].shape)))


def emit_se(f, x, shape, w1, b1, w2, b2, act=None, gate=None, form="resource", key=None):
    names = [f.const(t, form, key and "%s.%s" % (key, n))
             for t, n in zip([w1, b1, w2, b2], ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])]
    attrs = (" act " + act if act else "") + (" gate " + gate if gate else "")
    types = ", ".join(type_of(t.shape) for t in [w1, b1, w2, b2])
    return f.emit("mnv3.se %s, %s%s : %s, %s" % (x, ", ".join(names), attrs, type_of(shape), types))


def emit_linear(f, x, in_shape, w, b, act=None, form="resource", key=None):
    wv = f.const(w, form, key and key + ".weight")
    bv = f.const(b, form, key and key + ".bias")
    out = [in_shape[0], w.shape[0]]
    return f.emit("mnv3.linear %s, %s, %s%s : %s, %s, %s -> %s" % (
        x, wv, bv, " act " + act if act else "", type_of(in_shape), type_of(w.shape),
        type_of(b.shape), type_of(out))), out


# --- running mnv3-eval ---

class Runner:
    def __init__(self, tool, workdir):
        self.tool, self.workdir = tool, workdir
        self.failures = 0
        self.count = 0

    def run(self, name, ir, x, extra=()):
        """Writes the IR and input, runs the tool; returns (returncode, output or None, stdout, stderr)."""
        self.count += 1
        base = os.path.join(self.workdir, "%02d-%s" % (self.count, name))
        with open(base + ".mlir", "w") as file:
            file.write(ir)
        x.detach().numpy().astype("<f4").tofile(base + ".in.f32")
        if os.path.exists(base + ".out.f32"):
            os.remove(base + ".out.f32")
        proc = subprocess.run([self.tool, base + ".mlir", "-i", base + ".in.f32",
                               "-o", base + ".out.f32", *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out = None
        if proc.returncode == 0 and os.path.exists(base + ".out.f32"):
            out = torch.from_numpy(np.fromfile(base + ".out.f32", dtype="<f4").astype(np.float32))
        return proc.returncode, out, proc.stdout, proc.stderr

    def report(self, name, ok, detail):
        print("%s: %s (%s)" % ("PASS" if ok else "FAIL", name, detail), flush=True)
        if not ok:
            self.failures += 1

    def check(self, name, ir, x, want, tolerance=TOLERANCE, extra=()):
        """Evaluates `ir` on `x` and compares with `want`; returns stdout."""
        rc, got, stdout, stderr = self.run(name, ir, x, extra)
        if rc != 0 or got is None:
            self.report(name, False, "mnv3-eval exited with %d:\n%s" % (rc, stderr.strip()))
            return stdout
        want = want.detach().flatten().to(torch.float32)
        if got.numel() != want.numel():
            self.report(name, False, "got %d values, want %d" % (got.numel(), want.numel()))
            return stdout
        scale = max(want.abs().max().item(), 1e-30)
        error = (got - want).abs().max().item() / scale
        self.report(name, error <= tolerance, "relative L-inf error %.3g, tolerance %g" % (error, tolerance))
        return stdout

    def expect_error(self, name, ir, x, message, at, extra=()):
        """Expects a non-zero exit and `message` as an error at the line containing `at`."""
        rc, _, _, stderr = self.run(name, ir, x, extra)
        line = next(i for i, text in enumerate(ir.splitlines(), 1) if at in text)
        located = re.search(r":%d:\d+: error: %s" % (line, re.escape(message)), stderr)
        ok = rc != 0 and located is not None
        self.report(name, ok, "exit %d, %s" % (
            rc, "diagnostic at line %d" % line if located else "want '%s' at line %d, got:\n%s"
            % (message, line, stderr.strip())))


def rand(*shape):
    return torch.randn(*shape, dtype=torch.float32)


# --- the op families ---

def test_conv2d(r):
    cases = [
        # name, input shape, weight shape, stride, pad, dilation, groups, bias, act, form
        ("conv2d-3x3-literal", (1, 3, 9, 9), (4, 3, 3, 3), (1, 1), (1, 1), (1, 1), 1, False, None, "literal"),
        ("conv2d-stride2-bias-hardswish", (2, 3, 15, 14), (8, 3, 3, 3), (2, 2), (1, 1), (1, 1), 1, True, "hardswish", "resource"),
        ("conv2d-grouped-dilated", (1, 6, 13, 11), (4, 3, 3, 3), (1, 1), (2, 2), (2, 2), 2, True, None, "hex"),
        ("conv2d-depthwise-k5-s2-relu", (1, 8, 17, 17), (8, 1, 5, 5), (2, 2), (2, 2), (1, 1), 8, False, "relu", "resource"),
        ("conv2d-depthwise-multiplier2", (1, 4, 7, 7), (8, 1, 3, 3), (1, 1), (1, 1), (1, 1), 4, True, "relu6", "resource"),
        ("conv2d-depthwise-k7-dilation3", (1, 5, 20, 20), (5, 1, 7, 7), (1, 1), (9, 9), (3, 3), 5, True, "swish", "resource"),
        ("conv2d-asymmetric-stride-pad", (1, 5, 10, 12), (7, 5, 3, 1), (2, 1), (1, 0), (1, 1), 1, True, "sigmoid", "resource"),
        ("conv2d-1x1-hardsigmoid", (1, 16, 6, 6), (24, 16, 1, 1), (1, 1), (0, 0), (1, 1), 1, True, "hardsigmoid", "resource"),
        ("conv2d-pad-larger-than-kernel", (1, 2, 3, 3), (3, 2, 2, 2), (3, 3), (3, 3), (1, 1), 1, False, None, "resource"),
    ]
    for name, xs, ws, stride, pad, dil, groups, has_bias, act, form in cases:
        x, w = rand(*xs), rand(*ws)
        b = rand(ws[0]) if has_bias else None
        f = Function(xs)
        y, shape = emit_conv(f, "%x", list(xs), w, b, stride, pad, dil, groups, act, form)
        want = F.conv2d(x, w, b, stride, pad, dil, groups)
        want = ACTIVATIONS[act](want) if act else want
        r.check(name, f.text(y, shape), x, want)

    # A splat weight and a conv whose input is a constant too.
    x = rand(1, 3, 5, 5)
    f = Function(x.shape)
    y, shape = emit_conv(f, "%x", list(x.shape), torch.full((2, 3, 3, 3), 0.25), None, form="splat")
    r.check("conv2d-splat-weight", f.text(y, shape), x, F.conv2d(x, torch.full((2, 3, 3, 3), 0.25)))


ACTIVATIONS = {
    "relu": F.relu, "relu6": F.relu6, "hardswish": F.hardswish,
    "hardsigmoid": F.hardsigmoid, "sigmoid": torch.sigmoid, "swish": F.silu,
}


def test_activations(r):
    # Wide enough to reach every piece (and the kinks at -3, 0, 3, 6 exactly).
    x = torch.cat([torch.linspace(-10, 10, 401), torch.tensor([-3.0, 0.0, 3.0, 6.0])]).reshape(1, 5, 9, 9)
    for op, fn in ACTIVATIONS.items():
        f = Function(x.shape)
        y = emit_unary(f, op, "%x", list(x.shape))
        r.check(op, f.text(y, list(x.shape)), x, fn(x))
    # Activation ops take any rank, e.g. after linear.
    x2 = rand(3, 7) * 5
    f = Function(x2.shape)
    y = emit_unary(f, "hardswish", "%x", list(x2.shape))
    r.check("hardswish-2d", f.text(y, list(x2.shape)), x2, F.hardswish(x2))


def test_batch_norm(r):
    x = rand(2, 6, 5, 4)
    scale, offset, mean, var = rand(6), rand(6), rand(6), torch.rand(6) + 0.1
    f = Function(x.shape)
    y = emit_batch_norm(f, "%x", list(x.shape), [scale, offset, mean, var], 1e-3)
    r.check("batch_norm", f.text(y, list(x.shape)), x,
            F.batch_norm(x, mean, var, scale, offset, training=False, eps=1e-3))
    # Tiny variance, where eps matters, with splat and literal parameters.
    var = torch.full((6,), 1e-4)
    f = Function(x.shape)
    y = emit_batch_norm(f, "%x", list(x.shape), [scale, offset, mean, var], 1e-5,
                        forms=("literal", "hex", "resource", "splat"))
    r.check("batch_norm-eps-splat", f.text(y, list(x.shape)), x,
            F.batch_norm(x, mean, var, scale, offset, training=False, eps=1e-5))


def test_elementwise_and_head(r):
    x = rand(2, 5, 4, 3)
    shape = list(x.shape)
    other = rand(*shape)
    f = Function(shape)
    c = f.const(other)
    y = f.emit("mnv3.add %%x, %s : %s" % (c, type_of(shape)))
    r.check("add", f.text(y, shape), x, x + other)

    gate = rand(2, 5, 1, 1)
    f = Function(shape)
    g = f.const(gate)
    y = f.emit("mnv3.mul %%x, %s : %s, %s" % (g, type_of(shape), type_of(gate.shape)))
    r.check("mul-channel-broadcast", f.text(y, shape), x, x * gate)

    x = rand(2, 12, 7, 5)
    f = Function(x.shape)
    y = f.emit("mnv3.global_avg_pool %%x : %s -> %s" % (type_of(x.shape), type_of([2, 12, 1, 1])))
    r.check("global_avg_pool", f.text(y, [2, 12, 1, 1]), x, F.adaptive_avg_pool2d(x, 1))

    # The classifier: pool, flatten, linear + hardswish, linear.
    w1, b1, w2, b2 = rand(20, 12) * 0.3, rand(20), rand(10, 20) * 0.3, rand(10)
    f = Function(x.shape)
    p = f.emit("mnv3.global_avg_pool %%x : %s -> %s" % (type_of(x.shape), type_of([2, 12, 1, 1])))
    v = f.emit("mnv3.flatten %s : %s -> %s" % (p, type_of([2, 12, 1, 1]), type_of([2, 12])))
    h, hs = emit_linear(f, v, [2, 12], w1, b1, act="hardswish")
    y, ys = emit_linear(f, h, hs, w2, b2)
    want = F.linear(F.hardswish(F.linear(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1), w1, b1)), w2, b2)
    r.check("pool-flatten-linear", f.text(y, ys), x, want)


def torch_se(x, w1, b1, w2, b2, act=F.relu, gate=F.hardsigmoid):
    """torchvision.ops.SqueezeExcitation, spelled out."""
    s = F.adaptive_avg_pool2d(x, 1)
    s = gate(F.conv2d(act(F.conv2d(s, w1, b1)), w2, b2))
    return x * s


def test_se(r):
    x = rand(2, 16, 6, 5)
    w1, b1, w2, b2 = rand(8, 16, 1, 1), rand(8), rand(16, 8, 1, 1), rand(16)
    f = Function(x.shape)
    y = emit_se(f, "%x", list(x.shape), w1, b1, w2, b2)
    r.check("se-default-relu-hardsigmoid", f.text(y, list(x.shape)), x, torch_se(x, w1, b1, w2, b2))
    f = Function(x.shape)
    y = emit_se(f, "%x", list(x.shape), w1, b1, w2, b2, act="swish", gate="sigmoid")
    r.check("se-swish-sigmoid", f.text(y, list(x.shape)), x,
            torch_se(x, w1, b1, w2, b2, F.silu, torch.sigmoid))


def test_bneck(r):
    # Expand + depthwise + SE + project + residual, weights inside and outside the region.
    c, e, s = 8, 24, 8
    x = rand(1, c, 9, 9)
    shape = list(x.shape)
    we, be = rand(e, c, 1, 1) * 0.3, rand(e)
    wd, bd = rand(e, 1, 3, 3) * 0.3, rand(e)
    w1, b1, w2, b2 = rand(s, e, 1, 1) * 0.3, rand(s), rand(e, s, 1, 1) * 0.3, rand(e)
    wp, bp = rand(c, e, 1, 1) * 0.3, rand(c)
    f = Function(shape)
    outside = f.const(we)

    def body(arg):
        be_ = f.const(be)
        h = f.emit("mnv3.conv2d %s, %s, %s act hardswish : %s, %s, %s -> %s" % (
            arg, outside, be_, type_of(shape), type_of(we.shape), type_of(be.shape), type_of([1, e, 9, 9])))
        h, hs = emit_conv(f, h, [1, e, 9, 9], wd, bd, pad=(1, 1), groups=e, act="hardswish")
        h = emit_se(f, h, hs, w1, b1, w2, b2)
        h, _ = emit_conv(f, h, hs, wp, bp)
        return f.emit("mnv3.add %s, %s : %s" % (h, arg, type_of(shape)))

    y = f.bneck("%x", shape, shape, body)
    h = F.hardswish(F.conv2d(x, we, be))
    h = F.hardswish(F.conv2d(h, wd, bd, padding=1, groups=e))
    want = F.conv2d(torch_se(h, w1, b1, w2, b2), wp, bp) + x
    stdout = r.check("bneck-expand-se-residual", f.text(y, shape), x, want, extra=["--trace"])
    # The observer sees the region's ops in order, then the bneck; never constants.
    order = [line.split()[0] for line in stdout.splitlines()]
    expected = ["mnv3.conv2d", "mnv3.conv2d", "mnv3.se", "mnv3.conv2d", "mnv3.add", "mnv3.bneck"]
    r.report("bneck-observer-order", order == expected, " ".join(order))

    # Two bnecks sharing weights defined outside them: running the first must
    # not drop the values the second still reads.
    x = rand(1, 8, 6, 6)
    shape = list(x.shape)
    we, wd = rand(16, 8, 1, 1) * 0.3, rand(16, 1, 3, 3) * 0.3
    wp1, wp2 = rand(8, 16, 1, 1) * 0.3, rand(8, 16, 1, 1) * 0.3
    f = Function(shape)
    shared = [f.const(we), f.const(wd)]

    def shared_body(wp):
        def body(arg):
            h = f.emit("mnv3.conv2d %s, %s act relu : %s, %s -> %s" % (
                arg, shared[0], type_of(shape), type_of(we.shape), type_of([1, 16, 6, 6])))
            h = f.emit("mnv3.conv2d %s, %s pad [1, 1] groups 16 act relu : %s, %s -> %s" % (
                h, shared[1], type_of([1, 16, 6, 6]), type_of(wd.shape), type_of([1, 16, 6, 6])))
            h, _ = emit_conv(f, h, [1, 16, 6, 6], wp)
            return f.emit("mnv3.add %s, %s : %s" % (h, arg, type_of(shape)))
        return body

    y = f.bneck("%x", shape, shape, shared_body(wp1))
    y = f.bneck(y, shape, shape, shared_body(wp2))
    want = x
    for wp in (wp1, wp2):
        want = F.conv2d(F.relu(F.conv2d(F.relu(F.conv2d(want, we)), wd, padding=1, groups=16)), wp) + want
    r.check("bneck-twice-shared-outer-weights", f.text(y, shape), x, want)

    # No expansion, stride 2, no residual.
    x = rand(1, 16, 11, 11)
    wd, bd = rand(16, 1, 5, 5) * 0.2, rand(16)
    wp, bp = rand(12, 16, 1, 1) * 0.3, rand(12)
    f = Function(x.shape)

    def body2(arg):
        h, hs = emit_conv(f, arg, [1, 16, 11, 11], wd, bd, stride=(2, 2), pad=(2, 2), groups=16, act="relu")
        h, _ = emit_conv(f, h, hs, wp, bp)
        return h

    y = f.bneck("%x", list(x.shape), [1, 12, 6, 6], body2)
    want = F.conv2d(F.relu(F.conv2d(x, wd, bd, stride=2, padding=2, groups=16)), wp, bp)
    r.check("bneck-depthwise-stride2-no-residual", f.text(y, [1, 12, 6, 6]), x, want)


# --- a whole MobileNetV3-Large, from torchvision, in two forms ---

def make_mobilenet(resolution):
    import torchvision
    torch.manual_seed(1)
    model = torchvision.models.mobilenet_v3_large(weights=None).eval()
    with torch.no_grad():  # non-trivial batch-norm statistics
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0, 0.1)
                m.running_mean.normal_(0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    return model


ACT_NAMES = {torch.nn.ReLU: "relu", torch.nn.Hardswish: "hardswish", torch.nn.Hardsigmoid: "hardsigmoid"}


def fold(conv, bn):
    """Batch norm folded into the preceding conv (in double)."""
    factor = bn.weight.double() / torch.sqrt(bn.running_var.double() + bn.eps)
    w = conv.weight.double() * factor.reshape(-1, 1, 1, 1)
    b = bn.bias.double() - bn.running_mean.double() * factor
    return w.float(), b.float()


def emit_cna(f, x, shape, seq, key, fused):
    """A torchvision Conv2dNormActivation: conv2d, batch_norm, activation."""
    conv, bn = seq[0], seq[1]
    act = ACT_NAMES[type(seq[2])] if len(seq) > 2 else None
    conf = dict(stride=conv.stride, pad=conv.padding, dilation=conv.dilation, groups=conv.groups)
    if fused:
        w, b = fold(conv, bn)
        return emit_conv(f, x, shape, w, b, act=act, key=key + ".0.weight", **conf)
    y, shape = emit_conv(f, x, shape, conv.weight, key=key + ".0.weight", **conf)
    y = emit_batch_norm(f, y, shape, [bn.weight, bn.bias, bn.running_mean, bn.running_var], bn.eps, key=key + ".1")
    if act:
        y = emit_unary(f, act, y, shape)
    return y, shape


def emit_mobilenet(model, resolution, fused):
    from torchvision.models.mobilenetv3 import InvertedResidual
    from torchvision.ops.misc import SqueezeExcitation
    shape = [1, 3, resolution, resolution]
    f = Function(shape)
    x = "%x"
    for i, layer in enumerate(model.features):
        key = "features.%d" % i
        if not isinstance(layer, InvertedResidual):
            x, shape = emit_cna(f, x, shape, layer, key, fused)
            continue

        def body(arg, layer=layer, key=key, in_shape=shape):
            h, hs = arg, in_shape
            for j, part in enumerate(layer.block):
                pkey = "%s.block.%d" % (key, j)
                if isinstance(part, SqueezeExcitation):
                    w1, b1, w2, b2 = part.fc1.weight, part.fc1.bias, part.fc2.weight, part.fc2.bias
                    if fused:
                        h = emit_se(f, h, hs, w1, b1, w2, b2, key=pkey)
                    else:
                        p = f.emit("mnv3.global_avg_pool %s : %s -> %s" % (
                            h, type_of(hs), type_of(hs[:2] + [1, 1])))
                        s, ss = emit_conv(f, p, hs[:2] + [1, 1], w1, b1, key=pkey + ".fc1.weight")
                        s = emit_unary(f, "relu", s, ss)
                        s, ss = emit_conv(f, s, ss, w2, b2, key=pkey + ".fc2.weight")
                        s = emit_unary(f, "hardsigmoid", s, ss)
                        h = f.emit("mnv3.mul %s, %s : %s, %s" % (h, s, type_of(hs), type_of(ss)))
                else:
                    h, hs = emit_cna(f, h, hs, part, pkey, fused)
            if layer.use_res_connect:
                h = f.emit("mnv3.add %s, %s : %s" % (h, arg, type_of(hs)))
            body.out_shape = hs
            return h

        if fused:
            # The output shape is known only after the body: build it twice.
            saved = (list(f.lines), dict(f.resources), f.count)
            body("%probe")
            f.lines, f.resources, f.count = saved
            x, shape = f.bneck(x, shape, body.out_shape, body), body.out_shape
        else:
            x = body(x)
            shape = body.out_shape
    x = f.emit("mnv3.global_avg_pool %s : %s -> %s" % (x, type_of(shape), type_of(shape[:2] + [1, 1])))
    x = f.emit("mnv3.flatten %s : %s -> %s" % (x, type_of(shape[:2] + [1, 1]), type_of(shape[:2])))
    fc1, fc2 = model.classifier[0], model.classifier[3]
    if fused:
        x, shape = emit_linear(f, x, shape[:2], fc1.weight, fc1.bias, act="hardswish", key="classifier.0")
    else:
        x, shape = emit_linear(f, x, shape[:2], fc1.weight, fc1.bias, key="classifier.0")
        x = emit_unary(f, "hardswish", x, shape)
    x, shape = emit_linear(f, x, shape, fc2.weight, fc2.bias, key="classifier.3")
    return f.text(x, shape)


def test_mobilenet(r, resolution):
    model = make_mobilenet(resolution)
    x = rand(1, 3, resolution, resolution)
    with torch.no_grad():
        want = model(x)
    for fused in (False, True):
        name = "mobilenet_v3_large-%d-%s" % (resolution, "fused" if fused else "primitive")
        with torch.no_grad():
            ir = emit_mobilenet(model, resolution, fused)
        rc, got, _, stderr = r.run(name, ir, x, ["--time"])
        if rc != 0 or got is None:
            r.report(name, False, "mnv3-eval exited with %d:\n%s" % (rc, stderr.strip()))
            continue
        error = (got - want.flatten()).abs().max().item() / want.abs().max().item()
        timing = re.search(r"evaluated in ([0-9.]+) ms", stderr)
        r.report(name, error <= TOLERANCE, "relative L-inf error %.3g, tolerance %g, evaluated in %s ms"
                 % (error, TOLERANCE, timing.group(1) if timing else "?"))


# --- diagnostics ---

def test_errors(r):
    x = rand(1, 3, 8, 8)
    f = Function(x.shape)
    y, shape = emit_conv(f, "%x", [1, 3, 8, 8], rand(4, 3, 3, 3), pad=(1, 1), key="features.0.0.weight")
    f.resources.clear()  # as imported without --weights
    r.expect_error("error-unbound-weight", f.text(y, shape), x,
                   "weight 'features.0.0.weight' has no data (pass --weights)",
                   at="dense_resource<features.0.0.weight>")

    f = Function(x.shape)
    y, shape = emit_conv(f, "%x", [1, 3, 8, 8], rand(4, 3, 3, 3), key="short")
    f.resources["short"] = f.resources["short"][:-8]  # one float missing
    r.expect_error("error-blob-size", f.text(y, shape), x,
                   "weight 'short' holds 428 bytes, but 'tensor<4x3x3x3xf32>' needs 432",
                   at="dense_resource<short>")

    f = Function(x.shape)
    y = emit_unary(f, "relu", "%x", list(x.shape))
    r.expect_error("error-input-shape", f.text(y, list(x.shape)), rand(1, 3, 9, 9),
                   "input of shape [1, 3, 9, 9] does not match the argument type 'tensor<1x3x8x8xf32>'",
                   at="func.func @main", extra=["--input-shape=1,3,9,9"])

    f = Function(x.shape)
    y = f.emit("func.call @other(%%x) : (%s) -> %s" % (type_of(x.shape), type_of(x.shape)))
    ir = f.text(y, list(x.shape)) + "func.func private @other(%s) -> %s\n" % (
        type_of(x.shape), type_of(x.shape))
    r.expect_error("error-unknown-op", ir, x,
                   "the reference evaluator does not support 'func.call'", at="func.call")

    f = Function(x.shape)
    y = emit_unary(f, "relu", "%x", list(x.shape))
    y = f.emit('"test.mystery"(%s) : (%s) -> %s' % (y, type_of(x.shape), type_of(x.shape)))
    r.expect_error("error-unregistered-op", f.text(y, list(x.shape)), x,
                   "the reference evaluator does not support 'test.mystery'", at="test.mystery",
                   extra=["--allow-unregistered-dialect"])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mnv3-eval", required=True, help="path of the mnv3-eval driver")
    parser.add_argument("--resolution", type=int, default=224, help="MobileNetV3-Large input size (0: skip)")
    parser.add_argument("--keep", metavar="DIR", help="write the .mlir and .f32 files here and keep them")
    args = parser.parse_args()
    tool = shutil.which(args.mnv3_eval)  # a path, or a name on PATH
    if not tool:
        sys.exit("ops.py: %s is not an executable" % args.mnv3_eval)

    torch.manual_seed(0)
    with tempfile.TemporaryDirectory(prefix="mnv3-ref-") as tmp:
        workdir = args.keep or tmp
        os.makedirs(workdir, exist_ok=True)
        r = Runner(os.path.abspath(tool), workdir)
        test_conv2d(r)
        test_activations(r)
        test_batch_norm(r)
        test_elementwise_and_head(r)
        test_se(r)
        test_bneck(r)
        test_errors(r)
        if args.resolution:
            test_mobilenet(r, args.resolution)
    print("%s: %d failure(s)" % ("FAIL" if r.failures else "PASS", r.failures))
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
