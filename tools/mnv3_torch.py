"""The torch side of mnv3c, shared by its Python tools and tests: the seeded
random models (torchvision's MobileNetV3-Large and -Small, MobileNetV2,
EfficientNet-B0, the TinyNet-style scaled EfficientNet and MNASNet 1.0, and
the test-only
large-minimal and custom075), the safetensors writer with
torchvision's state_dict names, and a careful state_dict loader.

Import it with the tools directory on sys.path:
    sys.path.insert(0, "<repo>/tools"); import mnv3_torch
Needs /usr/bin/python3 (Debian's torch, torchvision and numpy).
"""

import json
import os
from functools import partial

import torch
from torch import nn
from torchvision.models import efficientnet as tve
from torchvision.models import mnasnet as tvmn
from torchvision.models import mobilenetv2 as tvm2
from torchvision.models import mobilenetv3 as tvm
from torchvision.ops import SqueezeExcitation

# torch dtype -> (safetensors dtype, numpy dtype of its little-endian bytes);
# numpy has no bfloat16, so BF16 is written through its int16 bit pattern.
SAFETENSORS_DTYPE = {
    torch.float32: ("F32", "<f4"),
    torch.float16: ("F16", "<f2"),
    torch.bfloat16: ("BF16", "<i2"),
    torch.int64: ("I64", "<i8"),
}


class ExportError(Exception):
    """A user-facing error: printed as one line, exit status 1."""


# --- the safetensors writer ----------------------------------------------

def write_safetensors(path, tensors, metadata=None):
    """Writes `tensors` (an iterable of (name, torch.Tensor) in the order
    wanted in the file; F32, F16, BF16 or I64) with string->string `metadata`.
    The header is padded with spaces to a multiple of 8 bytes, so every
    tensor starts 8-aligned in the file when all sizes are multiples of 8."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for name, t in tensors:
        if name in header or name == "__metadata__":
            raise ExportError("duplicate or reserved tensor name %r" % name)
        if t.dtype not in SAFETENSORS_DTYPE:
            raise ExportError("tensor %s has dtype %s; only float32, float16, "
                              "bfloat16 and int64 can be written" % (name, t.dtype))
        st_dtype, np_dtype = SAFETENSORS_DTYPE[t.dtype]
        t = t.detach().cpu().contiguous()
        if t.dtype == torch.bfloat16:
            t = t.view(torch.int16)
        blob = t.numpy().astype(np_dtype).tobytes()
        header[name] = {"dtype": st_dtype, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def export_tensors(state_dict, f16=False, keep_num_batches_tracked=False):
    """state_dict -> [(name, tensor)] ready for write_safetensors."""
    out = []
    for name, t in state_dict.items():
        if not isinstance(t, torch.Tensor):
            raise ExportError("state_dict entry %s is a %s, not a tensor"
                              % (name, type(t).__name__))
        if name.startswith("module."):
            name = name[len("module."):]
        if name.endswith("num_batches_tracked"):
            if keep_num_batches_tracked:
                out.append((name, t.to(torch.int64)))
            continue
        if not t.is_floating_point():
            raise ExportError("tensor %s has dtype %s; expected a floating-point "
                              "weight" % (name, t.dtype))
        t = t.detach().float()
        if f16:
            big = t.abs().max().item() if t.numel() else 0.0
            if big > 65504.0:
                raise ExportError("tensor %s holds %g, beyond the F16 range "
                                  "(65504); export it as F32" % (name, big))
            t = t.half()
        out.append((name, t))
    return out


# --- models -----------------------------------------------------------------

# (input, kernel, expanded, out, use_se, activation, stride, dilation)
# before the width multiplier, as torchvision's InvertedResidualConfig takes.
LARGE_ROWS = [
    (16, 3, 16, 16, False, "RE", 1, 1),
    (16, 3, 64, 24, False, "RE", 2, 1),
    (24, 3, 72, 24, False, "RE", 1, 1),
    (24, 5, 72, 40, True, "RE", 2, 1),
    (40, 5, 120, 40, True, "RE", 1, 1),
    (40, 5, 120, 40, True, "RE", 1, 1),
    (40, 3, 240, 80, False, "HS", 2, 1),
    (80, 3, 200, 80, False, "HS", 1, 1),
    (80, 3, 184, 80, False, "HS", 1, 1),
    (80, 3, 184, 80, False, "HS", 1, 1),
    (80, 3, 480, 112, True, "HS", 1, 1),
    (112, 3, 672, 112, True, "HS", 1, 1),
    (112, 5, 672, 160, True, "HS", 2, 1),
    (160, 5, 960, 160, True, "HS", 1, 1),
    (160, 5, 960, 160, True, "HS", 1, 1),
]

# custom075: width 0.75, kernels 3/5/7, SE on and off, ReLU and hardswish,
# strides 1 and 2, dilation 2 on the last three rows (whose stride must be 1:
# torchvision forces a dilated depthwise conv to stride 1). Input 160x160.
# The rows after torchvision's width adjustment are printed at the top of
# test/e2e/make_reference.py.
CUSTOM075_ROWS = [
    (16, 3, 16, 16, False, "RE", 1, 1),
    (16, 3, 64, 24, False, "RE", 2, 1),
    (24, 5, 72, 24, True, "RE", 1, 1),
    (24, 7, 96, 40, True, "HS", 2, 1),
    (40, 3, 120, 40, False, "HS", 1, 1),
    (40, 5, 240, 48, True, "HS", 2, 1),
    (48, 7, 144, 48, False, "RE", 1, 1),
    (48, 3, 288, 96, True, "HS", 1, 2),
    (96, 5, 576, 96, True, "HS", 1, 2),
    (96, 7, 576, 96, False, "RE", 1, 2),
]
CUSTOM075_WIDTH = 0.75


def build_large():
    return tvm.mobilenet_v3_large()


def build_small():
    return tvm.mobilenet_v3_small()


def build_mobilenet_v2():
    return tvm2.mobilenet_v2()


def build_efficientnet_b0():
    return tve.efficientnet_b0()


# models/tinynet_r08_w09_d08.mnv3: EfficientNet-B0 scaled as TinyNet scales
# it (resolution 0.8: 176 px, width 0.9, depth 0.8), through torchvision's
# own (private) builders with efficientnet_b0's dropout and classifier.
TINYNET_RESOLUTION = 176


def build_tinynet():
    setting, last_channel = tve._efficientnet_conf(
        "efficientnet_b0", width_mult=0.9, depth_mult=0.8)
    return tve._efficientnet(setting, dropout=0.2, last_channel=last_channel,
                             weights=None, progress=False)


def build_mnasnet1_0():
    return tvmn.mnasnet1_0()


def build_large_minimal():
    """MobileNetV3-Large-Minimalistic (paper, §6.1.1): Large's channels with no
    SE, ReLU everywhere and 3x3 kernels only; stem, head and classifier
    activations ReLU too."""
    conf = partial(tvm.InvertedResidualConfig, width_mult=1.0)
    rows = [conf(i, 3, e, o, False, "RE", s, d) for i, _, e, o, _, _, s, d in LARGE_ROWS]
    model = tvm.MobileNetV3(rows, last_channel=1280)
    model.features[0][2] = nn.ReLU(inplace=True)
    model.features[-1][2] = nn.ReLU(inplace=True)
    model.classifier[1] = nn.ReLU(inplace=True)
    assert not any(isinstance(m, (nn.Hardswish, nn.Hardsigmoid)) for m in model.modules())
    return model


def build_custom075():
    conf = partial(tvm.InvertedResidualConfig, width_mult=CUSTOM075_WIDTH)
    rows = [conf(*row) for row in CUSTOM075_ROWS]
    last_channel = tvm.InvertedResidualConfig.adjust_channels(1280, CUSTOM075_WIDTH)
    return tvm.MobileNetV3(rows, last_channel=last_channel)


# name -> (builder, input resolution, torchvision-style arch name)
MODELS = {
    "large": (build_large, 224, "mobilenet_v3_large"),
    "small": (build_small, 224, "mobilenet_v3_small"),
    "large-minimal": (build_large_minimal, 224, "mobilenet_v3_large_minimal"),
    "custom075": (build_custom075, 160, "mobilenet_v3_custom075"),
    "mobilenet_v2": (build_mobilenet_v2, 224, "mobilenet_v2"),
    "efficientnet_b0": (build_efficientnet_b0, 224, "efficientnet_b0"),
    "tinynet_r08_w09_d08": (build_tinynet, TINYNET_RESOLUTION,
                            "tinynet_r08_w09_d08"),
    "mnasnet1_0": (build_mnasnet1_0, 224, "mnasnet1_0"),
}
ALIASES = {"mobilenet_v3_large": "large", "mobilenet_v3_small": "small",
           "mobilenet_v3_large_minimal": "large-minimal",
           "mobilenet_v3_custom075": "custom075"}


def block_body(block):
    """The Sequential of an inverted-residual block's pieces: `block` in
    MobileNetV3 and EfficientNet, `conv` in MobileNetV2, `layers` in
    MNASNet."""
    if isinstance(block, tvm2.InvertedResidual):
        return block.conv
    if isinstance(block, tvmn._InvertedResidual):
        return block.layers
    return block.block


def features_of(model):
    """The Sequential from the input to the last feature map: `features`,
    or MNASNet's `layers`."""
    return model.layers if isinstance(model, tvmn.MNASNet) else model.features


def blocks_of(model):
    """The inverted-residual blocks, in order: the modules of `features`
    that have a block body, and those of its plain Sequentials (an
    EfficientNet's or MNASNet's stages). Stem and head (Conv2dNormActivation)
    and MNASNet's bare modules are none."""
    for module in features_of(model):
        if type(module) is nn.Sequential:
            yield from module
        elif isinstance(module, (tvm.InvertedResidual, tvm2.InvertedResidual)):
            yield module


ACTIVATION_CODES = {nn.Hardswish: "HS", nn.ReLU: "RE", nn.ReLU6: "RE6",
                    nn.SiLU: "SILU"}


def adjusted_rows(model):
    """The blocks of a built model as torchvision adjusted them:
    [(in, kernel, expanded, out, se, act, stride, dilation)], act RE, HS,
    RE6 (ReLU6) or SILU."""
    rows = []
    for block in blocks_of(model):
        modules = list(block_body(block).modules())
        convs = [m for m in modules if isinstance(m, nn.Conv2d)]
        conv = next(c for c in convs if c.groups > 1 and c.groups == c.in_channels)
        has_se = any(isinstance(m, SqueezeExcitation) for m in modules)
        act = next(ACTIVATION_CODES[type(m)] for m in modules
                   if type(m) in ACTIVATION_CODES)
        rows.append((convs[0].in_channels, conv.kernel_size[0], conv.in_channels,
                     convs[-1].out_channels, has_se, act,
                     conv.stride[0], conv.dilation[0]))
    return rows


# --- seeded random weights ---------------------------------------------------

def randomize(model, seed, resolution, calib_batches=4, calib_batch_size=8,
              in_channels=3):
    """Draws every weight from a torch.Generator seeded with `seed`, so that
    activations stay O(1) through the whole net and nothing is left at an
    identity default:
      conv weights ~ N(0, 2/fan_in) (He, fan_in = in/groups*kh*kw);
      conv biases (only the SE convs have them) ~ U(-0.2, 0.2);
      Linear W ~ N(0, 1/fan_in), b ~ U(-0.1, 0.1);
      BN gamma ~ U(0.5, 1.5), beta ~ U(-0.3, 0.3); running stats calibrated
      on `calib_batches` * `calib_batch_size` N(0,1) images of `in_channels`
      channels and `resolution` (an int for square images, or (height,
      width)), then perturbed:
      mean += U(-0.2, 0.2) * std, var *= U(0.6, 1.6).
    Calibration runs in eval mode, one BN after the other in forward order
    (a pre-hook sets each BN's stats from its actual input, perturbs them,
    then the BN runs), so each BN sees its upstream BNs already perturbed.
    Calibrating all BNs at once in train mode and perturbing afterwards
    compounds the ~45 perturbations down MobileNetV3-Large: block outputs
    then reach RMS 10-20 for some seeds instead of staying near 1.
    Leaves the model in eval mode. Returns the model."""
    g = torch.Generator().manual_seed(seed)

    def uniform(shape, lo, hi):
        return torch.rand(shape, generator=g) * (hi - lo) + lo

    def normal(shape, std):
        return torch.randn(shape, generator=g) * std

    bns = []
    with torch.no_grad():
        for _, m in model.named_modules():
            if isinstance(m, nn.Conv2d):
                fan_in = m.weight[0].numel()
                m.weight.copy_(normal(m.weight.shape, (2.0 / fan_in) ** 0.5))
                if m.bias is not None:
                    m.bias.copy_(uniform(m.bias.shape, -0.2, 0.2))
            elif isinstance(m, nn.Linear):
                m.weight.copy_(normal(m.weight.shape, (1.0 / m.in_features) ** 0.5))
                m.bias.copy_(uniform(m.bias.shape, -0.1, 0.1))
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(uniform(m.weight.shape, 0.5, 1.5))
                m.bias.copy_(uniform(m.bias.shape, -0.3, 0.3))
                bns.append(m)

        def calibrate(bn, inputs):
            x = inputs[0].double()
            mean = x.mean(dim=(0, 2, 3))
            var = x.var(dim=(0, 2, 3), unbiased=True)
            std = var.sqrt()
            bn.running_mean.copy_(mean + uniform(std.shape, -0.2, 0.2).double() * std)
            bn.running_var.copy_(var * uniform(std.shape, 0.6, 1.6).double())

        height, width = ((resolution, resolution) if isinstance(resolution, int)
                         else resolution)
        batch = torch.randn(calib_batches * calib_batch_size, in_channels, height,
                            width, generator=g)
        model.eval()
        hooks = [bn.register_forward_pre_hook(calibrate) for bn in bns]
        try:
            model(batch)
        finally:
            for h in hooks:
                h.remove()
        for bn in bns:
            bn.num_batches_tracked.fill_(calib_batches)
    return model


def build_random(name, seed):
    """(model in eval mode with seeded random weights, resolution, arch)."""
    key = ALIASES.get(name, name)
    if key not in MODELS:
        raise ExportError("unknown model %r; known: %s"
                          % (name, ", ".join(sorted(set(MODELS) | set(ALIASES)))))
    builder, resolution, arch = MODELS[key]
    torch.manual_seed(seed)  # torchvision's own init, overwritten below anyway
    model = builder()
    randomize(model, seed, resolution)
    return model, resolution, arch


def bn_eps_of(model):
    eps = {m.eps for m in model.modules() if isinstance(m, nn.BatchNorm2d)}
    if len(eps) != 1:
        raise ExportError("the model's BatchNorm layers use %d different eps "
                          "values; mnv3c expects one" % len(eps))
    return eps.pop()


def load_state_dict(path, trust_pickle=False):
    """Loads with weights_only=True (no code runs) unless trust_pickle, which
    a pickled nn.Module needs."""
    if not os.path.isfile(path):
        raise ExportError("%s: no such file" % path)
    try:
        obj = torch.load(path, map_location="cpu", weights_only=not trust_pickle)
    except Exception as e:  # torch raises many kinds
        text = str(e)
        if "unsupported class" in text.lower():  # weights_only met a class
            raise ExportError("%s: holds more than tensors (a pickled model?); if "
                              "you trust the file, pass --trust-pickle" % path)
        if "WeightsUnpickler error: " in text:  # torch wraps the real reason
            text = text.split("WeightsUnpickler error: ", 1)[1]
        text = text.strip().splitlines()[0] if text.strip() else ""
        detail = type(e).__name__ + (": " + text if text else "")
        raise ExportError("%s: not a file torch.load can read (%s)" % (path, detail))
    if isinstance(obj, nn.Module):
        return obj.state_dict()
    if isinstance(obj, dict):
        for key in ("state_dict", "model", "model_state_dict"):
            if isinstance(obj.get(key), dict):
                obj = obj[key]
                break
        if obj and all(isinstance(v, torch.Tensor) for v in obj.values()):
            return obj
    raise ExportError("%s: not a state_dict (a dict of tensors), a checkpoint "
                      "holding one, or an nn.Module" % path)
