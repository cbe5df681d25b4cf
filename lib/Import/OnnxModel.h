//===- OnnxModel.h - the parts of an ONNX model mnv3c reads -----*- C++ -*-===//
//
// A plain copy of the ModelProto fields the importer needs. Only
// OnnxProto.cpp sees protobuf: its generated code is written for
// exceptions, which LLVM's flags turn off for the rest of mnv3c, so that one
// file is compiled with them and shares only standard library types.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_LIB_IMPORT_ONNXMODEL_H
#define MNV3C_LIB_IMPORT_ONNXMODEL_H

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mnv3 {

/// A TensorProto: an initializer or a Constant node's value. Element data is
/// kept for FLOAT tensors only (the one type mnv3c computes in).
struct OnnxTensor {
  std::string name;
  int32_t dataType = 0;
  std::string dataTypeName; ///< "FLOAT", "INT64", ...
  std::vector<int64_t> dims;
  bool hasRawData = false;
  std::string rawData;          ///< little-endian bytes, as ONNX stores them
  std::vector<float> floatData; ///< the float_data field
  bool isExternal = false;      ///< data_location EXTERNAL
  std::vector<std::pair<std::string, std::string>> externalData;
};

struct OnnxAttribute {
  enum class Kind { Float, Int, String, Tensor, Floats, Ints, Other };
  std::string name;
  Kind kind = Kind::Other;
  std::string typeName; ///< "INT", "FLOATS", "GRAPH", ...
  float f = 0;
  int64_t i = 0;
  std::string s;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::optional<OnnxTensor> tensor;
};

struct OnnxNode {
  std::string name, opType, domain;
  std::vector<std::string> inputs, outputs; ///< "" is an omitted optional one
  std::vector<OnnxAttribute> attributes;

  const OnnxAttribute *find(const std::string &attribute) const {
    for (const OnnxAttribute &a : attributes)
      if (a.name == attribute)
        return &a;
    return nullptr;
  }
};

/// A graph input or output: its element type and shape, if declared.
struct OnnxValueInfo {
  std::string name;
  bool isTensor = false;
  int32_t elementType = 0;
  std::string elementTypeName;
  bool hasShape = false;
  /// Per dimension: the size, or nullopt for a symbolic or unknown one
  /// (whose dim_param, if any, is in `symbols`).
  std::vector<std::optional<int64_t>> dims;
  std::vector<std::string> symbols;
};

struct OnnxModel {
  int64_t irVersion = 0;
  std::string producer;
  /// (domain, version) of each opset_import; "" is the default ONNX domain.
  std::vector<std::pair<std::string, int64_t>> opsets;
  std::string graphName;
  std::vector<OnnxNode> nodes;
  std::vector<OnnxTensor> initializers;
  std::vector<OnnxValueInfo> inputs, outputs;
};

/// Decodes a serialized ModelProto into `model`; returns "" on success,
/// otherwise why the bytes are not one.
std::string decodeOnnxModel(const char *data, size_t size, OnnxModel &model);

} // namespace mnv3

#endif // MNV3C_LIB_IMPORT_ONNXMODEL_H
