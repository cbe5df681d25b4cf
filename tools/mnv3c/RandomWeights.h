//===- RandomWeights.h - seeded weights for networks no file describes -*- C++ -*-===//
//
// mnv3c lut times networks it writes itself, so nothing provides their
// weights. Latency does not depend on the values as long as they are
// ordinary numbers (no denormals, NaN or Inf, which some CPUs handle
// slowly), so each weight gets pseudo-random values of the usual size,
// drawn from its name and a seed: the same network and seed always get the
// same weights.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_TOOLS_RANDOMWEIGHTS_H
#define MNV3C_TOOLS_RANDOMWEIGHTS_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>

namespace mnv3::cli {

/// Fills every placeholder weight of `module`: convolution and linear
/// weights uniform with He's variance (2 / fan-in), biases and BatchNorm
/// shifts and means in [-0.2, 0.2], BatchNorm scales and variances in
/// [0.5, 1.5].
void fillRandomWeights(mlir::ModuleOp module, uint64_t seed);

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_RANDOMWEIGHTS_H
