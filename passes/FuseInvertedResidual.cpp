//===- FuseInvertedResidual.cpp - inverted-residual block -> mnv3.bneck ----===//

#include "passes/Passes.h"
#include "passes/PatternDriver.h"

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mnv3 {
#define GEN_PASS_DEF_FUSEINVERTEDRESIDUALPASS
#include "passes/Passes.h.inc"
} // namespace mnv3

using namespace mlir;
using namespace mnv3;

namespace {

/// Matches backwards from the projection: the block's pieces in order and
/// the value that enters the block.
struct BlockMatch {
  Value input;
  SmallVector<Operation *, 5> pieces; ///< execution order
};

/// Whether `value` feeds only the next piece of the block.
bool feedsOnlyNext(Value value) { return value.hasOneUse(); }

std::optional<BlockMatch> matchBlock(Conv2DOp project) {
  if (!project.isPointwise() || project.getAct() != Activation::none)
    return std::nullopt;
  BlockMatch match;
  Value value = project.getInput();
  if (!feedsOnlyNext(value))
    return std::nullopt;
  if (auto se = value.getDefiningOp<SqueezeExciteOp>()) {
    match.pieces.push_back(se);
    value = se.getInput();
    if (!feedsOnlyNext(value))
      return std::nullopt;
  }
  auto depthwise = value.getDefiningOp<Conv2DOp>();
  if (!depthwise || !depthwise.isDepthwise() ||
      depthwise.getAct() == Activation::none)
    return std::nullopt;
  match.pieces.push_back(depthwise);
  value = depthwise.getInput();
  // An expansion is taken only if it feeds nothing but this block; a value
  // with other users (the residual's input) is where the block starts.
  auto expand = value.getDefiningOp<Conv2DOp>();
  if (expand && feedsOnlyNext(value) && expand.isPointwise() &&
      expand.getAct() != Activation::none) {
    match.pieces.push_back(expand);
    value = expand.getInput();
  }
  match.input = value;
  std::reverse(match.pieces.begin(), match.pieces.end());
  match.pieces.push_back(project);
  return match;
}

struct FuseInvertedResidual : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp project,
                                PatternRewriter &rewriter) const override {
    if (project->getParentOfType<BneckOp>())
      return failure(); // already fused
    std::optional<BlockMatch> match = matchBlock(project);
    if (!match)
      return rewriter.notifyMatchFailure(project, "not the end of a block");
    Operation *last = project;
    if (project->hasOneUse())
      if (auto add = dyn_cast<AddOp>(*project->user_begin()))
        if (add.getLhs() == match->input || add.getRhs() == match->input) {
          match->pieces.push_back(add);
          last = add;
        }

    SmallVector<Location> locs;
    for (Operation *piece : match->pieces)
      locs.push_back(piece->getLoc());
    rewriter.setInsertionPoint(last);
    Type resultType = last->getResult(0).getType();
    auto bneck = rewriter.create<BneckOp>(rewriter.getFusedLoc(locs),
                                          resultType, match->input);
    Block *body = rewriter.createBlock(&bneck.getBody(), {},
                                       {match->input.getType()},
                                       {match->input.getLoc()});
    IRMapping mapping;
    mapping.map(match->input, body->getArgument(0));
    for (Operation *piece : match->pieces)
      rewriter.clone(*piece, mapping);
    rewriter.create<YieldOp>(last->getLoc(),
                             mapping.lookup(last->getResult(0)));

    rewriter.replaceOp(last, bneck.getResult());
    for (Operation *piece : llvm::reverse(match->pieces))
      if (piece != last)
        rewriter.eraseOp(piece);
    return success();
  }
};

struct FuseInvertedResidualPass
    : mnv3::impl::FuseInvertedResidualPassBase<FuseInvertedResidualPass> {
  void runOnOperation() override {
    if (failed(applyPatternGreedily<FuseInvertedResidual>(getOperation())))
      signalPassFailure();
  }
};

} // namespace
