//===- OnnxWeights.h - the float values of an ONNX tensor -------*- C++ -*-===//

#ifndef MNV3C_LIB_IMPORT_ONNXWEIGHTS_H
#define MNV3C_LIB_IMPORT_ONNXWEIGHTS_H

#include "OnnxModel.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace mnv3 {

/// The values of a FLOAT tensor, from raw_data, float_data or (data_location
/// EXTERNAL) a file named relative to the directory of `modelPath`, which it
/// may not leave. The message of an error says what is wrong, not which
/// tensor: the caller names it.
llvm::Expected<std::vector<float>> readOnnxTensor(const OnnxTensor &tensor,
                                                  llvm::StringRef modelPath);

} // namespace mnv3

#endif // MNV3C_LIB_IMPORT_ONNXWEIGHTS_H
