//===- MNV3Dialect.h - the mnv3 dialect, its attributes and ops -*- C++ -*-===//

#ifndef MNV3C_DIALECTS_MNV3DIALECT_H
#define MNV3C_DIALECTS_MNV3DIALECT_H

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

/// The activation an element-wise activation op computes, or std::nullopt
/// for any other op.
std::optional<Activation> getActivationOf(mlir::Operation *op);

} // namespace mnv3

#endif // MNV3C_DIALECTS_MNV3DIALECT_H
