//===- Kernels.h - the loops of the reference evaluator ---------*- C++ -*-===//
//
// One plain function per op family, on NCHW f32 tensors, independent of MLIR
// IR so each can be read (and checked against PyTorch) on its own. Every
// kernel computes its result shape from its operands; the evaluator compares
// that with the type the op declares. Sums are accumulated in double: a
// product of two floats is exact in double, so the only rounding is the final
// one to float, and the result does not depend on the summation order that a
// compiled kernel happens to choose.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_LIB_REFERENCE_KERNELS_H
#define MNV3C_LIB_REFERENCE_KERNELS_H

#include "dialects/MNV3Dialect.h"
#include "mnv3c/Tensor.h"

namespace mnv3::reference {

/// The element-wise non-linearities, exactly as PyTorch defines them
/// (hardsigmoid(x) = relu6(x + 3) / 6, hardswish(x) = x * relu6(x + 3) / 6).
float applyActivation(Activation act, float x);

/// `act` applied to every element.
Tensor activation(const Tensor &input, Activation act);

/// torch.nn.functional.conv2d followed by `act`: input [N, C, H, W], weight
/// [O, C / groups, KH, KW], optional bias [O]; symmetric zero padding
/// (`padding` is [top = bottom, left = right]). `strides`, `padding` and
/// `dilations` are [height, width].
Tensor conv2d(const Tensor &input, const Tensor &weight, const Tensor *bias,
              llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> padding,
              llvm::ArrayRef<int64_t> dilations, int64_t groups, Activation act);

/// Inference batch norm: (x - mean) / sqrt(variance + epsilon) * scale + offset
/// per channel.
Tensor batchNorm(const Tensor &input, const Tensor &scale, const Tensor &offset,
                 const Tensor &mean, const Tensor &variance, double epsilon);

/// Element-wise sum of two tensors of the same shape.
Tensor add(const Tensor &lhs, const Tensor &rhs);

/// output[n, c, h, w] = input[n, c, h, w] * scale[n, c, 0, 0].
Tensor channelMul(const Tensor &input, const Tensor &scale);

/// torch.nn.functional.interpolate(input, size=(height, width),
/// mode="bilinear", align_corners=False).
Tensor resizeBilinear(const Tensor &input, int64_t height, int64_t width);

/// SSD's per-map predictions [N, A*K, H, W] as [N, H*W*A, K], maps
/// concatenated along the anchors (torchvision's SSDScoringHead).
Tensor concatAnchors(llvm::ArrayRef<const Tensor *> inputs, int64_t columns);

/// Mean over H and W: [N, C, H, W] -> [N, C, 1, 1].
Tensor globalAvgPool(const Tensor &input);

/// [N, C, 1, 1] -> [N, C]; the data is unchanged.
Tensor flatten(const Tensor &input);

/// torch.nn.functional.linear followed by `act`: input [N, I], weight [O, I],
/// bias [O] -> [N, O].
Tensor linear(const Tensor &input, const Tensor &weight, const Tensor &bias,
              Activation act);

/// torchvision's SqueezeExcitation: input * gate(fc2(act(fc1(mean_hw(input))))),
/// fc1 and fc2 being 1x1 convolutions with bias.
Tensor squeezeExcite(const Tensor &input, const Tensor &fc1Weight,
                     const Tensor &fc1Bias, const Tensor &fc2Weight,
                     const Tensor &fc2Bias, Activation act, Activation gate);

} // namespace mnv3::reference

#endif // MNV3C_LIB_REFERENCE_KERNELS_H
