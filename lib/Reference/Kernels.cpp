//===- Kernels.cpp - the loops of the reference evaluator -----------------===//
//
// Straight loops, written to be checked by reading. The only concession to
// speed is the loop order of conv2d (see there), which keeps the innermost
// loop a contiguous, branch-free row so that a whole MobileNetV3 evaluates in
// well under a second without any hand vectorisation.
//
// Shapes are trusted: the op verifiers have checked them, and the asserts
// only document what each kernel relies on.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>

using llvm::ArrayRef;

namespace mnv3::reference {

namespace {
/// The arithmetic of mnv3c/Activations.h's formulas in float, as ATen's CPU
/// kernels do it (std::max/min keep a NaN first operand).
struct FloatMath {
  float atLeast(float v, float lo) const { return std::max(v, lo); }
  float atMost(float v, float hi) const { return std::min(v, hi); }
  float exp(float v) const { return std::exp(v); }
  float divide(float v, float d) const { return v / d; }
};
} // namespace

float applyActivation(Activation act, float x) {
  return mnv3::applyActivation(toActivationKind(act), x, FloatMath{});
}

Tensor activation(const Tensor &input, Activation act) {
  Tensor output(input.shape);
  for (size_t i = 0; i < input.data.size(); ++i)
    output.data[i] = applyActivation(act, input.data[i]);
  return output;
}

namespace {
/// The output positions o in [0, outExtent) that read an input position
/// o * stride + offset inside [0, inExtent), where offset = tap * dilation -
/// padding, as a half-open range. Outside it the tap reads zero padding and
/// contributes nothing, so the conv loops skip it instead of testing every
/// element.
std::pair<int64_t, int64_t> validOutputs(int64_t offset, int64_t stride,
                                         int64_t inExtent, int64_t outExtent) {
  int64_t begin = 0, end = outExtent;
  while (begin < end && begin * stride + offset < 0)
    ++begin;
  while (end > begin && (end - 1) * stride + offset >= inExtent)
    --end;
  return {begin, end};
}
} // namespace

Tensor conv2d(const Tensor &input, const Tensor &weight, const Tensor *bias,
              ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
              ArrayRef<int64_t> dilations, int64_t groups, Activation act) {
  assert(input.shape.size() == 4 && weight.shape.size() == 4);
  const int64_t n = input.shape[0], channels = input.shape[1],
                height = input.shape[2], width = input.shape[3];
  const int64_t outChannels = weight.shape[0], kernelH = weight.shape[2],
                kernelW = weight.shape[3];
  const int64_t inPerGroup = channels / groups, outPerGroup = outChannels / groups;
  assert(weight.shape[1] == inPerGroup && (!bias || bias->numElements() == outChannels));
  const int64_t strideH = strides[0], strideW = strides[1];
  const int64_t padH = padding[0], padW = padding[1];
  const int64_t dilH = dilations[0], dilW = dilations[1];
  const int64_t outH = (height + 2 * padH - dilH * (kernelH - 1) - 1) / strideH + 1;
  const int64_t outW = (width + 2 * padW - dilW * (kernelW - 1) - 1) / strideW + 1;

  Tensor output({n, outChannels, outH, outW});
  // One output plane at a time: for each (input channel, tap), its single
  // weight is read once and multiplied into the whole plane. The innermost
  // loop then walks an output row and an input row, contiguous for stride 1.
  // Depthwise convolutions need no special case: there, each output plane
  // has exactly one input channel.
  std::vector<double> acc(outH * outW);
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t oc = 0; oc < outChannels; ++oc) {
      const int64_t group = oc / outPerGroup;
      std::fill(acc.begin(), acc.end(), 0.0);
      for (int64_t icInGroup = 0; icInGroup < inPerGroup; ++icInGroup) {
        const int64_t ic = group * inPerGroup + icInGroup;
        const float *plane = &input.data[((b * channels) + ic) * height * width];
        for (int64_t ky = 0; ky < kernelH; ++ky) {
          const int64_t offsetY = ky * dilH - padH;
          auto [oyBegin, oyEnd] = validOutputs(offsetY, strideH, height, outH);
          for (int64_t kx = 0; kx < kernelW; ++kx) {
            const int64_t offsetX = kx * dilW - padW;
            auto [oxBegin, oxEnd] = validOutputs(offsetX, strideW, width, outW);
            const double w = weight.data[((oc * inPerGroup + icInGroup) * kernelH + ky) *
                                             kernelW + kx];
            for (int64_t oy = oyBegin; oy < oyEnd; ++oy) {
              const float *inRow = plane + (oy * strideH + offsetY) * width + offsetX;
              double *accRow = &acc[oy * outW];
              for (int64_t ox = oxBegin; ox < oxEnd; ++ox)
                accRow[ox] += w * inRow[ox * strideW];
            }
          }
        }
      }
      // PyTorch adds the bias inside the convolution, before the activation.
      const double biasValue = bias ? bias->data[oc] : 0.0;
      float *out = &output.data[(b * outChannels + oc) * outH * outW];
      for (int64_t i = 0; i < outH * outW; ++i)
        out[i] = applyActivation(act, static_cast<float>(acc[i] + biasValue));
    }
  }
  return output;
}

Tensor batchNorm(const Tensor &input, const Tensor &scale, const Tensor &offset,
                 const Tensor &mean, const Tensor &variance, double epsilon) {
  const int64_t n = input.shape[0], channels = input.shape[1],
                plane = input.shape[2] * input.shape[3];
  Tensor output(input.shape);
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t c = 0; c < channels; ++c) {
      // The formula of the op description, per channel, in double.
      const double factor = scale.data[c] / std::sqrt(double(variance.data[c]) + epsilon);
      const double m = mean.data[c], shift = offset.data[c];
      const int64_t base = (b * channels + c) * plane;
      for (int64_t i = 0; i < plane; ++i)
        output.data[base + i] =
            static_cast<float>((input.data[base + i] - m) * factor + shift);
    }
  }
  return output;
}

Tensor add(const Tensor &lhs, const Tensor &rhs) {
  assert(lhs.shape == rhs.shape);
  Tensor output(lhs.shape);
  for (size_t i = 0; i < lhs.data.size(); ++i)
    output.data[i] = lhs.data[i] + rhs.data[i];
  return output;
}

namespace {
/// One output coordinate's two input neighbours and their weights, as
/// PyTorch's upsample_bilinear2d computes them (in float, align_corners
/// false): source = max((o + 0.5) * in / out - 0.5, 0).
struct Taps {
  int64_t first, second;
  double firstWeight, secondWeight;
};
Taps bilinearTaps(int64_t o, int64_t in, int64_t out) {
  float scale = static_cast<float>(in) / static_cast<float>(out);
  float source = std::max(scale * (static_cast<float>(o) + 0.5f) - 0.5f, 0.0f);
  int64_t first = static_cast<int64_t>(source);
  float lambda = source - static_cast<float>(first);
  return {first, first < in - 1 ? first + 1 : first, 1.0f - lambda, lambda};
}
} // namespace

Tensor resizeBilinear(const Tensor &input, int64_t height, int64_t width) {
  const int64_t planes = input.shape[0] * input.shape[1],
                inH = input.shape[2], inW = input.shape[3];
  Tensor output({input.shape[0], input.shape[1], height, width});
  for (int64_t p = 0; p < planes; ++p) {
    const float *in = input.data.data() + p * inH * inW;
    float *out = output.data.data() + p * height * width;
    for (int64_t y = 0; y < height; ++y) {
      Taps ty = bilinearTaps(y, inH, height);
      for (int64_t x = 0; x < width; ++x) {
        Taps tx = bilinearTaps(x, inW, width);
        auto row = [&](int64_t r) {
          return tx.firstWeight * in[r * inW + tx.first] +
                 tx.secondWeight * in[r * inW + tx.second];
        };
        out[y * width + x] = static_cast<float>(ty.firstWeight * row(ty.first) +
                                                ty.secondWeight * row(ty.second));
      }
    }
  }
  return output;
}

Tensor concatAnchors(llvm::ArrayRef<const Tensor *> inputs, int64_t columns) {
  const int64_t n = inputs.front()->shape[0];
  int64_t anchors = 0;
  for (const Tensor *t : inputs)
    anchors += t->shape[1] / columns * t->shape[2] * t->shape[3];
  Tensor output({n, anchors, columns});
  for (int64_t b = 0; b < n; ++b) {
    float *out = output.data.data() + b * anchors * columns;
    for (const Tensor *t : inputs) {
      const int64_t channels = t->shape[1], plane = t->shape[2] * t->shape[3];
      const float *in = t->data.data() + b * channels * plane;
      // [A*K][H*W] -> [H*W][A*K]: channel c = a * K + k of pixel p.
      for (int64_t p = 0; p < plane; ++p)
        for (int64_t c = 0; c < channels; ++c)
          *out++ = in[c * plane + p];
    }
  }
  return output;
}

Tensor channelMul(const Tensor &input, const Tensor &scale) {
  const int64_t n = input.shape[0], channels = input.shape[1],
                plane = input.shape[2] * input.shape[3];
  assert(scale.numElements() == n * channels);
  Tensor output(input.shape);
  for (int64_t nc = 0; nc < n * channels; ++nc) // scale is [N, C, 1, 1]
    for (int64_t i = 0; i < plane; ++i)
      output.data[nc * plane + i] = input.data[nc * plane + i] * scale.data[nc];
  return output;
}

Tensor globalAvgPool(const Tensor &input) {
  const int64_t n = input.shape[0], channels = input.shape[1],
                plane = input.shape[2] * input.shape[3];
  Tensor output({n, channels, 1, 1});
  for (int64_t nc = 0; nc < n * channels; ++nc) {
    double sum = 0.0;
    for (int64_t i = 0; i < plane; ++i)
      sum += input.data[nc * plane + i];
    output.data[nc] = static_cast<float>(sum / double(plane));
  }
  return output;
}

Tensor flatten(const Tensor &input) {
  assert(input.shape[2] == 1 && input.shape[3] == 1);
  Tensor output({input.shape[0], input.shape[1]});
  output.data = input.data;
  return output;
}

Tensor linear(const Tensor &input, const Tensor &weight, const Tensor &bias,
              Activation act) {
  const int64_t n = input.shape[0], in = input.shape[1], out = weight.shape[0];
  assert(weight.shape[1] == in && bias.numElements() == out);
  Tensor output({n, out});
  for (int64_t b = 0; b < n; ++b) {
    const float *row = &input.data[b * in];
    for (int64_t o = 0; o < out; ++o) {
      const float *weights = &weight.data[o * in];
      double sum = bias.data[o];
      for (int64_t i = 0; i < in; ++i)
        sum += double(row[i]) * weights[i];
      output.data[b * out + o] = applyActivation(act, static_cast<float>(sum));
    }
  }
  return output;
}

Tensor squeezeExcite(const Tensor &input, const Tensor &fc1Weight,
                     const Tensor &fc1Bias, const Tensor &fc2Weight,
                     const Tensor &fc2Bias, Activation act, Activation gate) {
  // Literally the composition the op description names, from the kernels
  // above, so the fused op cannot disagree with its unfused pieces.
  const int64_t unit[2] = {1, 1}, none[2] = {0, 0};
  Tensor pooled = globalAvgPool(input);
  Tensor squeezed = conv2d(pooled, fc1Weight, &fc1Bias, unit, none, unit, 1, act);
  Tensor scale = conv2d(squeezed, fc2Weight, &fc2Bias, unit, none, unit, 1, gate);
  return channelMul(input, scale);
}

} // namespace mnv3::reference
