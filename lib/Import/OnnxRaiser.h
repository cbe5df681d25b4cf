//===- OnnxRaiser.h - ONNX graph -> primitive mnv3 IR -----------*- C++ -*-===//
//
// One raiser per model. OnnxRaiser.cpp walks the graph (inputs, nodes in
// their topological order, outputs) and holds the helpers; OnnxOps.cpp has
// one handler per ONNX op type, each emitting the primitive mnv3 ops that
// the spec importer emits for the same torchvision module, so the same
// passes fuse both.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_LIB_IMPORT_ONNXRAISER_H
#define MNV3C_LIB_IMPORT_ONNXRAISER_H

#include "OnnxModel.h"

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

namespace mnv3 {

class OnnxRaiser {
public:
  OnnxRaiser(const OnnxModel &model, llvm::StringRef modelPath,
             mlir::MLIRContext *context);

  mlir::OwningOpRef<mlir::ModuleOp> raise();

  /// The op types that have a handler, in a sentence for error messages.
  static std::string supportedOpTypes();

private:
  using Handler = mlir::LogicalResult (OnnxRaiser::*)(const OnnxNode &);
  /// How an op type is raised, and the attributes ONNX defines for it (at
  /// opsets 13 to 17): any other attribute is an error, not ignored.
  struct OpType {
    Handler raise;
    std::vector<llvm::StringRef> attributes;
  };
  static const llvm::StringMap<OpType> &handlers();
  mlir::LogicalResult checkAttributes(const OnnxNode &node,
                                      const OpType &opType);

  mlir::LogicalResult checkOpsets();
  mlir::LogicalResult checkOpTypes();
  mlir::FailureOr<mlir::RankedTensorType> inputType(const OnnxValueInfo &input);
  mlir::LogicalResult raiseNode(const OnnxNode &node);
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> graphOutputs();

  // --- the handlers (OnnxOps.cpp) ---
  mlir::LogicalResult raiseConv(const OnnxNode &node);
  mlir::LogicalResult raiseBatchNorm(const OnnxNode &node);
  mlir::LogicalResult raiseRelu(const OnnxNode &node);
  mlir::LogicalResult raiseClip(const OnnxNode &node);
  mlir::LogicalResult raiseSigmoid(const OnnxNode &node);
  mlir::LogicalResult raiseHardSigmoid(const OnnxNode &node);
  mlir::LogicalResult raiseHardSwish(const OnnxNode &node);
  mlir::LogicalResult raiseMul(const OnnxNode &node);
  mlir::LogicalResult raiseAdd(const OnnxNode &node);
  mlir::LogicalResult raiseGlobalAveragePool(const OnnxNode &node);
  mlir::LogicalResult raiseFlatten(const OnnxNode &node);
  mlir::LogicalResult raiseGemm(const OnnxNode &node);
  mlir::LogicalResult raisePassThrough(const OnnxNode &node);
  mlir::LogicalResult raiseConstant(const OnnxNode &node);
  /// An element-wise OpT of input 0, of any rank.
  template <typename OpT> mlir::LogicalResult activation(const OnnxNode &node);

  // --- helpers for the handlers ---
  /// An error at `node` that starts "node 'NAME' (OpType): ".
  mlir::InFlightDiagnostic nodeError(const OnnxNode &node);
  mlir::Location nodeLoc(const OnnxNode &node);
  /// Input `index` as a value computed by the graph, of rank `rank` (any
  /// if negative).
  mlir::FailureOr<mlir::Value> operand(const OnnxNode &node, size_t index,
                                       int64_t rank);
  /// Input `index` as a constant (initializer or Constant node) or null if
  /// the node omits it; fails if it is computed by the graph.
  mlir::FailureOr<const OnnxTensor *> constantInput(const OnnxNode &node,
                                                    size_t index);
  /// A constant input's values; fails naming the tensor if unreadable.
  mlir::FailureOr<std::vector<float>> constantValues(const OnnxNode &node,
                                                     const OnnxTensor &tensor);
  /// Input `index` as a weight of exactly `shape` (an mnv3.constant keyed
  /// `role` under the node's torchvision module, as the spec importer keys
  /// them), with `transform` applied to its values if given.
  mlir::FailureOr<mlir::Value>
  weight(const OnnxNode &node, size_t index, llvm::StringRef role,
         llvm::ArrayRef<int64_t> shape,
         llvm::function_ref<std::vector<float>(const std::vector<float> &)>
             transform = nullptr);
  /// A weight key for `tensor` used as `role` by `node`.
  std::string weightKey(const OnnxNode &node, const OnnxTensor &tensor,
                        llvm::StringRef role);
  /// Attribute `name` of `node`, or null if the node omits it; fails if it
  /// is not of `kind` (named `kindName` in the error).
  mlir::FailureOr<const OnnxAttribute *>
  attributeOf(const OnnxNode &node, llvm::StringRef name,
              OnnxAttribute::Kind kind, llvm::StringRef kindName);
  mlir::FailureOr<int64_t> intAttr(const OnnxNode &node, llvm::StringRef name,
                                   int64_t fallback);
  mlir::FailureOr<float> floatAttr(const OnnxNode &node, llvm::StringRef name,
                                   float fallback);
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  intsAttr(const OnnxNode &node, llvm::StringRef name, size_t size,
           llvm::ArrayRef<int64_t> fallback);
  /// Records `value` as the node's first output.
  mlir::LogicalResult define(const OnnxNode &node, mlir::Value value);
  mlir::RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape) {
    return mlir::RankedTensorType::get(shape, builder.getF32Type());
  }

  const OnnxModel &model;
  std::string modelPath;
  mlir::MLIRContext *context;
  mlir::OpBuilder builder;
  mlir::Location fileLoc;
  /// ONNX value name -> the mnv3 value computing it.
  llvm::StringMap<mlir::Value> values;
  /// ONNX value name -> its constant: initializers and Constant nodes.
  llvm::StringMap<const OnnxTensor *> constants;
  /// ONNX value name -> the node producing it (for Mul's patterns).
  llvm::StringMap<const OnnxNode *> producers;
};

} // namespace mnv3

#endif // MNV3C_LIB_IMPORT_ONNXRAISER_H
