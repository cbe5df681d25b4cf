//===- FuseActivation.cpp - act(conv2d | linear) -> conv2d/linear act ------===//

#include "passes/Passes.h"
#include "passes/PatternDriver.h"

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/PatternMatch.h"

namespace mnv3 {
#define GEN_PASS_DEF_FUSEACTIVATIONPASS
#include "passes/Passes.h.inc"
} // namespace mnv3

using namespace mlir;
using namespace mnv3;

namespace {

/// Any activation op whose input is the only use of a conv2d or linear that
/// has no activation yet.
struct FuseActivationIntoProducer : RewritePattern {
  explicit FuseActivationIntoProducer(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<Activation> act = getActivationOf(op);
    if (!act)
      return failure();
    Operation *producer = op->getOperand(0).getDefiningOp();
    if (!producer || !producer->hasOneUse() ||
        !isa<Conv2DOp, LinearOp>(producer))
      return failure();
    auto conv = dyn_cast<Conv2DOp>(producer);
    auto linear = dyn_cast<LinearOp>(producer);
    if ((conv ? conv.getAct() : linear.getAct()) != Activation::none)
      return rewriter.notifyMatchFailure(op, "producer already has an activation");

    rewriter.modifyOpInPlace(producer, [&] {
      conv ? conv.setAct(*act) : linear.setAct(*act);
      producer->setLoc(rewriter.getFusedLoc({producer->getLoc(), op->getLoc()}));
    });
    rewriter.replaceOp(op, producer->getResults());
    return success();
  }
};

struct FuseActivationPass
    : mnv3::impl::FuseActivationPassBase<FuseActivationPass> {
  void runOnOperation() override {
    if (failed(applyPatternGreedily<FuseActivationIntoProducer>(getOperation())))
      signalPassFailure();
  }
};

} // namespace
