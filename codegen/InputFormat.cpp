//===- InputFormat.cpp - camera frames read by the first convolution ------===//
//
// A uint8 NHWC frame normalised per channel is what a camera gives and what
// torchvision's preprocessing turns into the float NCHW input. Instead of a
// stage that writes a normalised float copy of the image, the convolution
// that reads the input does it as it loads: value - mean[c] there, and
// 1/std[c] folded into its weights. Zero padding applies to the centred
// value, which is the normalised zero of the float path, so both compute
// the same convolution.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <cmath>

#include <fmt/format.h>

using namespace Halide;

namespace mnv3::codegen {

namespace {
std::string checkValues(const std::vector<float> &values, const char *what,
                        bool positive) {
  for (size_t c = 0; c < values.size(); c++)
    if (!std::isfinite(values[c]) || (positive && !(values[c] > 0)))
      return fmt::format("the input {} of channel {} is {}; it must be a {}"
                         "finite number",
                         what, c, values[c], positive ? "positive " : "");
  return {};
}

std::string checkCount(const std::vector<float> &values, const char *what,
                       int channels) {
  if (values.empty() || (int)values.size() == channels)
    return {};
  return fmt::format("the input {} has {} value{}, but the model's input has "
                     "{} channel{}",
                     what, values.size(), values.size() == 1 ? "" : "s",
                     channels, channels == 1 ? "" : "s");
}
} // namespace

std::string checkInputValues(const InputFormat &format) {
  if (std::string e = checkValues(format.mean, "mean", false); !e.empty())
    return e;
  return checkValues(format.std, "std", true);
}

std::string checkInputFormat(const Network &net, const InputFormat &format) {
  if (std::string e = checkCount(format.mean, "mean", net.inC); !e.empty())
    return e;
  if (std::string e = checkCount(format.std, "std", net.inC); !e.empty())
    return e;
  if (format.isDefault())
    return {};
  for (size_t i = 0; i < net.layers.size(); i++) {
    std::vector<int> from = inputsOf(net, i);
    if (std::find(from.begin(), from.end(), kNetworkInput) != from.end() &&
        !std::holds_alternative<Conv>(net.layers[i].op))
      return fmt::format("layer '{}' reads the network's input but is not a "
                         "convolution: only a convolution can read an NHWC, "
                         "uint8 or normalised input (keep the default float "
                         "NCHW input)",
                         net.layers[i].name);
  }
  return {};
}

bool readsFormattedInput(const LowerCtx &ctx, int tensor) {
  return tensor == ctx.netInput && !ctx.inputFormat.isDefault();
}

ImageParam makeNetworkInput(const LowerCtx &ctx, int tensor,
                            const std::string &name) {
  return makeInput(ctx.tensors[tensor].desc, name,
                   ctx.tensors[tensor].bytes ? UInt(8) : Float(32));
}

Func centredInput(LowerCtx &ctx, const ImageParam &input,
                  const TensorDesc &desc, const std::string &stage) {
  Vars v;
  Func centred = namedFunc("centred");
  Expr value = cast<float>(input(v.c, v.x, v.y));
  const std::vector<float> &mean = ctx.inputFormat.mean;
  if (mean.empty()) {
    centred(v.c, v.x, v.y) = value;
  } else if (desc.stride[0] == 1) {
    // Channels innermost: a row is one run of C*W values, centred by the
    // mean repeated along it, so that both load as dense vectors.
    std::vector<float> row((size_t)desc.C() * desc.W());
    for (size_t i = 0; i < row.size(); i++)
      row[i] = mean[i % desc.C()];
    Func rowMean = ctx.weights(constVector(row, stage + "_mean"));
    centred(v.c, v.x, v.y) = value - rowMean(v.c + v.x * desc.C());
  } else {
    Func channelMean = ctx.weights(constVector(mean, stage + "_mean"));
    centred(v.c, v.x, v.y) = value - channelMean(v.c);
  }
  return centred;
}

float inputScale(const LowerCtx &ctx, int channel) {
  return ctx.inputFormat.std.empty() ? 1.f
                                     : 1.f / ctx.inputFormat.std[channel];
}

const char *inputLayoutName(const InputFormat &format) {
  return format.channelsLast ? "nhwc" : "nchw";
}

const char *inputElementType(const InputFormat &format) {
  return format.bytes ? "uint8_t" : "float";
}

std::string inputLayout(const InputFormat &format, int C, int H, int W) {
  return format.channelsLast ? fmt::format("NHWC [1][{}][{}][{}]", H, W, C)
                             : fmt::format("NCHW [1][{}][{}][{}]", C, H, W);
}

} // namespace mnv3::codegen
