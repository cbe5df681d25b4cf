//===- Tensor.h - a plain f32 tensor ----------------------------*- C++ -*-===//
//
// The value type of the reference evaluator and the weight readers: a shape
// and row-major (C-order) float data, nothing else.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_TENSOR_H
#define MNV3C_TENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

namespace mnv3 {

struct Tensor {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<float> data;

  Tensor() = default;
  explicit Tensor(llvm::ArrayRef<int64_t> shape)
      : shape(shape.begin(), shape.end()), data(numElements(shape), 0.0f) {}

  static int64_t numElements(llvm::ArrayRef<int64_t> shape) {
    return std::accumulate(shape.begin(), shape.end(), int64_t{1},
                           std::multiplies<int64_t>());
  }
  int64_t numElements() const { return numElements(shape); }
};

/// "[1, 16, 112, 112]": how every diagnostic prints a shape.
inline std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

} // namespace mnv3

#endif // MNV3C_TENSOR_H
