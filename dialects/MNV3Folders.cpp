//===- MNV3Folders.cpp - folders of the mnv3 ops ---------------------------===//

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mnv3;

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

// Clamping again to a range the input already lies in changes nothing.
OpFoldResult ReluOp::fold(FoldAdaptor) {
  if (getInput().getDefiningOp<ReluOp>() || getInput().getDefiningOp<Relu6Op>())
    return getInput();
  return {};
}

OpFoldResult Relu6Op::fold(FoldAdaptor) {
  if (getInput().getDefiningOp<Relu6Op>())
    return getInput();
  return {};
}

// Sampling at the same size reads every pixel at its own centre.
OpFoldResult ResizeBilinearOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

namespace {
/// flatten(global_avg_pool(x)) -> flatten(x) when x is 1x1: pooling one
/// pixel is the identity (small inputs, or a network pooled early).
struct FlattenOfSinglePixelPool : OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(FlattenOp flatten,
                                PatternRewriter &rewriter) const override {
    auto pool = flatten.getInput().getDefiningOp<GlobalAvgPoolOp>();
    if (!pool || pool.getInput().getType() != pool.getOutput().getType())
      return failure();
    rewriter.modifyOpInPlace(
        flatten, [&] { flatten.getInputMutable().assign(pool.getInput()); });
    return success();
  }
};
} // namespace

void FlattenOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<FlattenOfSinglePixelPool>(context);
}
