//===- OnnxProto.cpp - ModelProto bytes -> OnnxModel ----------------------===//
//
// The only file that includes protobuf (see OnnxModel.h). It copies fields
// and judges nothing: what is supported is the raiser's business.
//
//===----------------------------------------------------------------------===//

#include "OnnxModel.h"

#include <onnx/onnx_pb.h>

#include <climits>

using namespace mnv3;

namespace {

void copyTensor(const ::onnx::TensorProto &proto, OnnxTensor &tensor) {
  tensor.name = proto.name();
  tensor.dataType = proto.data_type();
  tensor.dataTypeName =
      ::onnx::TensorProto_DataType_IsValid(proto.data_type())
          ? ::onnx::TensorProto_DataType_Name(
                static_cast<::onnx::TensorProto_DataType>(proto.data_type()))
          : "unknown type " + std::to_string(proto.data_type());
  tensor.dims.assign(proto.dims().begin(), proto.dims().end());
  tensor.hasRawData = proto.has_raw_data();
  tensor.rawData = proto.raw_data();
  tensor.floatData.assign(proto.float_data().begin(), proto.float_data().end());
  tensor.isExternal =
      proto.data_location() == ::onnx::TensorProto_DataLocation_EXTERNAL;
  for (const ::onnx::StringStringEntryProto &entry : proto.external_data())
    tensor.externalData.emplace_back(entry.key(), entry.value());
}

void copyAttribute(const ::onnx::AttributeProto &proto,
                   OnnxAttribute &attribute) {
  using Kind = OnnxAttribute::Kind;
  attribute.name = proto.name();
  attribute.typeName = ::onnx::AttributeProto_AttributeType_Name(proto.type());
  switch (proto.type()) {
  case ::onnx::AttributeProto_AttributeType_FLOAT:
    attribute.kind = Kind::Float;
    attribute.f = proto.f();
    break;
  case ::onnx::AttributeProto_AttributeType_INT:
    attribute.kind = Kind::Int;
    attribute.i = proto.i();
    break;
  case ::onnx::AttributeProto_AttributeType_STRING:
    attribute.kind = Kind::String;
    attribute.s = proto.s();
    break;
  case ::onnx::AttributeProto_AttributeType_TENSOR:
    attribute.kind = Kind::Tensor;
    copyTensor(proto.t(), attribute.tensor.emplace());
    break;
  case ::onnx::AttributeProto_AttributeType_FLOATS:
    attribute.kind = Kind::Floats;
    attribute.floats.assign(proto.floats().begin(), proto.floats().end());
    break;
  case ::onnx::AttributeProto_AttributeType_INTS:
    attribute.kind = Kind::Ints;
    attribute.ints.assign(proto.ints().begin(), proto.ints().end());
    break;
  default:
    attribute.kind = Kind::Other;
    break;
  }
}

void copyValueInfo(const ::onnx::ValueInfoProto &proto, OnnxValueInfo &info) {
  info.name = proto.name();
  if (!proto.type().has_tensor_type())
    return;
  const ::onnx::TypeProto_Tensor &tensor = proto.type().tensor_type();
  info.isTensor = true;
  info.elementType = tensor.elem_type();
  info.elementTypeName =
      ::onnx::TensorProto_DataType_IsValid(tensor.elem_type())
          ? ::onnx::TensorProto_DataType_Name(
                static_cast<::onnx::TensorProto_DataType>(tensor.elem_type()))
          : "unknown type " + std::to_string(tensor.elem_type());
  info.hasShape = tensor.has_shape();
  for (const ::onnx::TensorShapeProto_Dimension &dim : tensor.shape().dim()) {
    info.dims.push_back(dim.has_dim_value()
                            ? std::optional<int64_t>(dim.dim_value())
                            : std::nullopt);
    info.symbols.push_back(dim.dim_param());
  }
}

} // namespace

std::string mnv3::decodeOnnxModel(const char *data, size_t size,
                                  OnnxModel &model) {
  if (size > static_cast<size_t>(INT_MAX))
    return "larger than 2 GiB, the most a protobuf message can hold";
  ::onnx::ModelProto proto;
  // Fails on malformed wire data (a truncated file, a wrong field type);
  // protobuf bounds its own nesting depth.
  if (!proto.ParseFromArray(data, static_cast<int>(size)))
    return "not a valid ONNX protobuf (ModelProto): the file is truncated "
           "or corrupt";
  if (!proto.has_graph())
    return "the ONNX model has no graph";
  model.irVersion = proto.ir_version();
  model.producer = proto.producer_name() + " " + proto.producer_version();
  for (const ::onnx::OperatorSetIdProto &opset : proto.opset_import())
    model.opsets.emplace_back(opset.domain(), opset.version());
  const ::onnx::GraphProto &graph = proto.graph();
  model.graphName = graph.name();
  for (const ::onnx::NodeProto &nodeProto : graph.node()) {
    OnnxNode &node = model.nodes.emplace_back();
    node.name = nodeProto.name();
    node.opType = nodeProto.op_type();
    node.domain = nodeProto.domain();
    node.inputs.assign(nodeProto.input().begin(), nodeProto.input().end());
    node.outputs.assign(nodeProto.output().begin(), nodeProto.output().end());
    for (const ::onnx::AttributeProto &attribute : nodeProto.attribute())
      copyAttribute(attribute, node.attributes.emplace_back());
  }
  for (const ::onnx::TensorProto &initializer : graph.initializer())
    copyTensor(initializer, model.initializers.emplace_back());
  for (const ::onnx::ValueInfoProto &input : graph.input())
    copyValueInfo(input, model.inputs.emplace_back());
  for (const ::onnx::ValueInfoProto &output : graph.output())
    copyValueInfo(output, model.outputs.emplace_back());
  return "";
}
