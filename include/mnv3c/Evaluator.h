//===- Evaluator.h - the reference evaluator of the mnv3 dialect -*- C++ -*-===//
//
// A plain, obviously-correct interpreter of mnv3 IR on f32 tensors. Any IR,
// before or after any pass, can be run on an input, which is how every pass
// is checked (translation validation) and how the whole chain is compared
// with torchvision. Clarity over speed: straight loops, double accumulators.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_EVALUATOR_H
#define MNV3C_EVALUATOR_H

#include "mnv3c/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mnv3 {

/// Called with each op and the tensor it produced, in execution order (ops
/// inside a bneck region too), e.g. to dump intermediate tensors.
using TensorObserver =
    llvm::function_ref<void(mlir::Operation *producer, const Tensor &value)>;

/// Runs `function` (one tensor argument, tensor results) on `input`; returns
/// its results in order.
/// Errors (an unbound weight, an input of the wrong shape, an op the
/// evaluator does not know) are emitted as diagnostics at the offending op
/// and return failure.
mlir::FailureOr<std::vector<Tensor>>
evaluate(mlir::func::FuncOp function, const Tensor &input,
         TensorObserver observer = nullptr);

} // namespace mnv3

#endif // MNV3C_EVALUATOR_H
