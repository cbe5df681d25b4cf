//===- FoldBatchNorm.cpp - batch_norm(conv2d) -> conv2d --------------------===//

#include "passes/Passes.h"
#include "passes/PatternDriver.h"

#include "dialects/MNV3Dialect.h"

#include "mlir/IR/PatternMatch.h"

#include <cmath>

namespace mnv3 {
#define GEN_PASS_DEF_FOLDBATCHNORMPASS
#include "passes/Passes.h.inc"
} // namespace mnv3

using namespace mlir;
using namespace mnv3;

namespace {

/// The name of a weight without its last component: "features.0.0" for
/// "features.0.0.weight"; a fallback name for literals.
std::string convNameOf(Conv2DOp conv) {
  StringRef key = getWeightKey(conv.getWeight());
  return key.empty() ? "conv" : key.rsplit('.').first.str();
}

struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || !conv->hasOneUse() || conv.getAct() != Activation::none)
      return rewriter.notifyMatchFailure(bn, "not the only user of a plain conv2d");
    SmallVector<Value> params = {conv.getWeight(), bn.getScale(), bn.getOffset(),
                                 bn.getMean(), bn.getVariance()};
    if (conv.getBias())
      params.push_back(conv.getBias());
    if (!llvm::all_of(params, [](Value v) { return v.getDefiningOp<ConstantOp>(); }))
      return rewriter.notifyMatchFailure(bn, "parameters are not constants");

    ArrayRef<int64_t> weightShape = conv.getWeight().getType().getShape();
    int64_t channels = weightShape[0];
    std::string name = convNameOf(conv);
    std::optional<std::vector<float>> weight, bias;
    if (auto folded = fold(conv, bn)) {
      weight = std::move(folded->first);
      bias = std::move(folded->second);
    }
    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    auto asRef = [](const std::optional<std::vector<float>> &v) {
      return v ? std::optional<ArrayRef<float>>(*v) : std::nullopt;
    };
    Value newWeight = createWeight(rewriter, conv.getWeight().getLoc(),
                                   name + ".weight.bn_folded", weightShape,
                                   asRef(weight));
    Value newBias = createWeight(rewriter, bn.getLoc(), name + ".bias.bn_folded",
                                 {channels}, asRef(bias));
    rewriter.replaceOpWithNewOp<Conv2DOp>(
        bn, bn.getType(), conv.getInput(), newWeight, newBias,
        conv.getStridesAttr(), conv.getPaddingAttr(), conv.getDilationsAttr(),
        conv.getGroupsAttr(), conv.getActAttr())
        ->setLoc(loc);
    rewriter.eraseOp(conv);
    return success();
  }

  /// The folded weight and bias, or std::nullopt if any input is a
  /// placeholder without data.
  static std::optional<std::pair<std::vector<float>, std::vector<float>>>
  fold(Conv2DOp conv, BatchNormOp bn) {
    auto weight = readWeightData(conv.getWeight());
    auto scale = readWeightData(bn.getScale());
    auto offset = readWeightData(bn.getOffset());
    auto mean = readWeightData(bn.getMean());
    auto variance = readWeightData(bn.getVariance());
    std::optional<std::vector<float>> bias;
    if (conv.getBias() && !(bias = readWeightData(conv.getBias())))
      return std::nullopt;
    if (!weight || !scale || !offset || !mean || !variance)
      return std::nullopt;

    size_t channels = scale->size();
    size_t perChannel = weight->size() / channels;
    double epsilon = bn.getEpsilon().convertToDouble();
    std::vector<float> newBias(channels);
    for (size_t o = 0; o < channels; ++o) {
      double factor = (*scale)[o] / std::sqrt(double((*variance)[o]) + epsilon);
      for (size_t i = 0; i < perChannel; ++i) {
        float &w = (*weight)[o * perChannel + i];
        w = static_cast<float>(w * factor);
      }
      double b = bias ? (*bias)[o] : 0.0;
      newBias[o] = static_cast<float>((b - (*mean)[o]) * factor + (*offset)[o]);
    }
    return std::make_pair(std::move(*weight), std::move(newBias));
  }
};

struct FoldBatchNormPass
    : mnv3::impl::FoldBatchNormPassBase<FoldBatchNormPass> {
  void runOnOperation() override {
    if (failed(applyPatternGreedily<FoldBatchNormIntoConv>(getOperation())))
      signalPassFailure();
  }
};

} // namespace
