//===- MNV3Dialect.h - the mnv3 dialect, its attributes and ops -*- C++ -*-===//

#ifndef MNV3C_DIALECTS_MNV3DIALECT_H
#define MNV3C_DIALECTS_MNV3DIALECT_H

#include "mnv3c/Activations.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/MNV3Dialect.h.inc"
#include "dialects/MNV3Enums.h.inc"

#define GET_OP_CLASSES
#include "dialects/MNV3Ops.h.inc"

namespace mnv3 {

/// Result attribute of the model function naming an output (a spec's
/// `output NAME MODULE` row): `-> (tensor<...> {mnv3.output = "NAME"})`.
/// The generated header's macros are named after it.
inline constexpr llvm::StringLiteral kOutputNameAttr = "mnv3.output";
/// The name of result `index` of a model function: its kOutputNameAttr,
/// else "output" for an only result (a classifier's logits) or
/// "output<index>".
std::string getOutputName(mlir::func::FuncOp function, unsigned index);
/// The most results a model function may have (a spec's `output` rows).
inline constexpr unsigned kMaxOutputs = 64;
/// The largest height or width of any feature map (input or resized).
inline constexpr int64_t kMaxMapSide = 8192;

/// The activation an element-wise activation op computes, or std::nullopt
/// for any other op.
std::optional<Activation> getActivationOf(mlir::Operation *op);
/// `act` as include/mnv3c/Activations.h numbers it (MNV3Dialect.cpp checks
/// that the numbers agree): the formula and names the back end and the
/// reference evaluator share.
inline ActivationKind toActivationKind(Activation act) {
  return static_cast<ActivationKind>(act);
}
inline Activation toActivation(ActivationKind kind) {
  return static_cast<Activation>(kind);
}

/// The f32 values of a weight, or std::nullopt if it is a placeholder (a
/// dense_resource without data) or not a mnv3.constant.
std::optional<std::vector<float>> readWeightData(ConstantOp constant);
std::optional<std::vector<float>> readWeightData(mlir::Value weight);

/// The dense_resource key (the torchvision state_dict name for imported
/// weights) of a weight, or "" if it has none.
llvm::StringRef getWeightKey(mlir::Value weight);

/// Creates a weight constant holding `data` as a dense_resource blob under
/// `key` (made unique if taken), or a placeholder if `data` is absent.
ConstantOp createWeight(mlir::OpBuilder &builder, mlir::Location loc,
                        llvm::StringRef key, llvm::ArrayRef<int64_t> shape,
                        std::optional<llvm::ArrayRef<float>> data);

} // namespace mnv3

#endif // MNV3C_DIALECTS_MNV3DIALECT_H
