//===- PatternDriver.h - run one rewrite pattern to a fixpoint --*- C++ -*-===//

#ifndef MNV3C_PASSES_PATTERNDRIVER_H
#define MNV3C_PASSES_PATTERNDRIVER_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mnv3 {

/// Applies `PatternT` (and op folders) to `op` until nothing changes: every
/// mnv3 fusion pass is one pattern run this way.
template <typename PatternT>
mlir::LogicalResult applyPatternGreedily(mlir::Operation *op) {
  mlir::RewritePatternSet patterns(op->getContext());
  patterns.add<PatternT>(op->getContext());
  return mlir::applyPatternsAndFoldGreedily(op, std::move(patterns));
}

} // namespace mnv3

#endif // MNV3C_PASSES_PATTERNDRIVER_H
