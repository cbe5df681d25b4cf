//===- FuseSqueezeExcite.cpp - SE subgraph -> mnv3.se ----------------------===//

#include "passes/Passes.h"
#include "passes/PatternDriver.h"

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/PatternMatch.h"

namespace mnv3 {
#define GEN_PASS_DEF_FUSESQUEEZEEXCITEPASS
#include "passes/Passes.h.inc"
} // namespace mnv3

using namespace mlir;
using namespace mnv3;

namespace {

/// A 1x1 biased convolution followed by an activation, either fused into
/// the conv or as the standalone op that is the conv's only user.
struct ActivatedConv {
  Conv2DOp conv;
  Activation act = Activation::none;
  Operation *activationOp = nullptr; ///< the standalone activation, if any
};

/// Reads `value` as act(conv(...)) with a squeeze-excite-shaped conv.
std::optional<ActivatedConv> matchActivatedConv(Value value) {
  ActivatedConv result;
  Operation *def = value.getDefiningOp();
  if (!def)
    return std::nullopt;
  if (std::optional<Activation> act = getActivationOf(def)) {
    result.act = *act;
    result.activationOp = def;
    def = def->getOperand(0).getDefiningOp();
  }
  auto conv = dyn_cast_or_null<Conv2DOp>(def);
  if (!conv || !conv->hasOneUse() || !conv.getBias() || !conv.isPointwise())
    return std::nullopt;
  if (result.activationOp && conv.getAct() != Activation::none)
    return std::nullopt; // two activations in a row is not SE
  if (!result.activationOp)
    result.act = conv.getAct();
  result.conv = conv;
  return result;
}

struct FuseSqueezeExcite : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    Value input = mul.getInput();
    std::optional<ActivatedConv> excite = matchActivatedConv(mul.getScale());
    if (!excite || !mul.getScale().hasOneUse())
      return rewriter.notifyMatchFailure(mul, "scale is not gate(conv(...))");
    if (excite->act != Activation::hardsigmoid &&
        excite->act != Activation::sigmoid)
      return rewriter.notifyMatchFailure(mul, "gate is not a (hard) sigmoid");
    std::optional<ActivatedConv> squeeze =
        matchActivatedConv(excite->conv.getInput());
    if (!squeeze || !excite->conv.getInput().hasOneUse() ||
        squeeze->act == Activation::none)
      return rewriter.notifyMatchFailure(mul, "no activated squeeze conv");
    auto pool = squeeze->conv.getInput().getDefiningOp<GlobalAvgPoolOp>();
    if (!pool || !pool->hasOneUse() || pool.getInput() != input)
      return rewriter.notifyMatchFailure(mul, "squeeze does not pool the gated input");

    SmallVector<Location> locs = {pool.getLoc(), squeeze->conv.getLoc(),
                                  excite->conv.getLoc(), mul.getLoc()};
    for (Operation *act : {squeeze->activationOp, excite->activationOp})
      if (act)
        locs.push_back(act->getLoc());
    auto se = rewriter.create<SqueezeExciteOp>(
        rewriter.getFusedLoc(locs), mul.getType(), input,
        squeeze->conv.getWeight(), squeeze->conv.getBias(),
        excite->conv.getWeight(), excite->conv.getBias(), squeeze->act,
        excite->act);
    // Erase from the multiply back to the pool: each only fed the next.
    SmallVector<Operation *> dead = {mul, excite->activationOp, excite->conv,
                                     squeeze->activationOp, squeeze->conv, pool};
    rewriter.replaceOp(mul, se.getResult());
    for (Operation *op : llvm::drop_begin(dead))
      if (op)
        rewriter.eraseOp(op);
    return success();
  }
};

struct FuseSqueezeExcitePass
    : mnv3::impl::FuseSqueezeExcitePassBase<FuseSqueezeExcitePass> {
  void runOnOperation() override {
    if (failed(applyPatternGreedily<FuseSqueezeExcite>(getOperation())))
      signalPassFailure();
  }
};

} // namespace
