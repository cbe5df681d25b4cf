//===- MNV3Weights.cpp - reading and creating weight constants ------------===//
//
// Weights are f32 data in either a DenseElementsAttr (small literals, tests)
// or a dense_resource blob (imported and folded weights). Passes, the
// evaluator and code generation all read them through here.
//
//===----------------------------------------------------------------------===//

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/Endian.h"

using namespace mlir;
using namespace mnv3;

std::optional<std::vector<float>> mnv3::readWeightData(ConstantOp constant) {
  auto type = cast<ShapedType>(constant.getType());
  if (!type.getElementType().isF32())
    return std::nullopt;
  std::vector<float> data(type.getNumElements());
  Attribute value = constant.getValue();
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    llvm::copy(dense.getValues<float>(), data.begin());
    return data;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    const AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || blob->getData().size() != data.size() * sizeof(float))
      return std::nullopt;
    // Blobs are little-endian on disk and in memory, whatever the host.
    const char *bytes = blob->getData().data();
    for (size_t i = 0; i < data.size(); ++i)
      data[i] = llvm::support::endian::read<float, llvm::endianness::little>(
          bytes + i * sizeof(float));
    return data;
  }
  return std::nullopt;
}

std::optional<std::vector<float>> mnv3::readWeightData(Value weight) {
  if (auto constant = weight.getDefiningOp<ConstantOp>())
    return readWeightData(constant);
  return std::nullopt;
}

StringRef mnv3::getWeightKey(Value weight) {
  auto constant = weight.getDefiningOp<ConstantOp>();
  if (!constant)
    return "";
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
    return resource.getRawHandle().getKey();
  return "";
}

ConstantOp mnv3::createWeight(OpBuilder &builder, Location loc, StringRef key,
                              ArrayRef<int64_t> shape,
                              std::optional<ArrayRef<float>> data) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  auto &manager =
      DenseResourceElementsHandle::getManagerInterface(builder.getContext());
  std::optional<AsmResourceBlob> blob;
  if (data) {
    std::vector<char> bytes(data->size() * sizeof(float));
    for (size_t i = 0; i < data->size(); ++i)
      llvm::support::endian::write<float, llvm::endianness::little>(
          bytes.data() + i * sizeof(float), (*data)[i]);
    blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(float));
  }
  // The manager renames the key if it is taken, so keys stay unique.
  DenseResourceElementsHandle handle = manager.insert(key, std::move(blob));
  return builder.create<ConstantOp>(
      loc, DenseResourceElementsAttr::get(type, handle));
}
