//===- ConvShape.h - a convolution's output size, defined once --*- C++ -*-===//
//
// Shared by the spec importer, the ONNX raiser, the dialect's verifier and
// the code generator. Plain C++: code generation cannot include LLVM headers.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_CONVSHAPE_H
#define MNV3C_CONVSHAPE_H

#include <cstdint>

namespace mnv3 {

/// Whether a `kernel` dilated by `dilation` fits the input padded by
/// `padding` on both sides (at least one output).
constexpr bool convKernelFits(int64_t in, int64_t kernel, int64_t padding,
                              int64_t dilation) {
  return in + 2 * padding >= dilation * (kernel - 1) + 1;
}

/// torch.nn.Conv2d's output extent along one axis, for a kernel that fits:
///   (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1.
constexpr int64_t convOutputExtent(int64_t in, int64_t kernel, int64_t stride,
                                   int64_t padding, int64_t dilation) {
  return (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
}

/// torchvision's padding for a kxk convolution ("same" at stride 1).
constexpr int64_t samePadding(int64_t kernel, int64_t dilation) {
  return (kernel - 1) / 2 * dilation;
}

} // namespace mnv3

#endif // MNV3C_CONVSHAPE_H
