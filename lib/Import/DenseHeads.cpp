//===- DenseHeads.cpp - the LR-ASPP and SSDLite heads of the importer -----===//
//
// The dense-prediction heads torchvision puts on a MobileNetV3 backbone,
// built as primitive mnv3 ops named like torchvision's modules, so their
// weights bind by name: LRASPPHead (segmentation) and SSDLite's extra
// blocks and predictors (detection).
//
//===----------------------------------------------------------------------===//

#include "NetworkBuilder.h"

#include "mnv3c/Tensor.h"

using namespace mlir;
using namespace mnv3;
using namespace mnv3::import;

FailureOr<int64_t> NetworkBuilder::findSplitBlock(const SsdliteRow &row) {
  // torchvision: stage_indices[-2], the last block with stride > 1.
  for (int64_t i = spec.bnecks.size(); i >= 1; --i) {
    const BneckRow &block = spec.bnecks[i - 1];
    if (block.stride > 1)
      return i;
  }
  return emitError(row.loc) << "SSDLite splits the last strided block after "
                               "its expansion, but no bneck row has stride 2";
}

LogicalResult NetworkBuilder::buildSsdlite(const SsdliteRow &row,
                                           Value firstMap) {
  // firstMap: piece 0 of C4 (its expansion; torchvision takes block[0]
  // whatever it is).
  SmallVector<Value, 6> maps = {firstMap, current};
  LocationAttr loc = row.loc;
  for (auto [index, channels] : llvm::enumerate(row.extras)) {
    // _extra_block: 1x1 to half, depthwise 3x3 stride 2, 1x1 to channels.
    ArrayRef<int64_t> shape = shapeOf(current);
    if (shape[2] < 2 && shape[3] < 2)
      return emitError(loc) << "SSDLite's extra block " << index
                            << " halves a " << shape[2] << "x" << shape[3]
                            << " map: the input is too small for six maps";
    std::string base = "backbone.extra." + std::to_string(index);
    int64_t half = channels / 2;
    convBnAct(base + ".0", loc, half, 1, 1, 1, 1, Activation::relu6);
    convBnAct(base + ".1", loc, half, 3, 2, 1, half, Activation::relu6);
    convBnAct(base + ".2", loc, channels, 1, 1, 1, 1, Activation::relu6);
    maps.push_back(current);
  }
  // Six default boxes per cell: aspect ratios 1, 1', 2, 1/2, 3, 1/3.
  const int64_t anchorsPerCell = 6;
  int64_t anchors = 0;
  for (Value map : maps)
    anchors += shapeOf(map)[2] * shapeOf(map)[3] * anchorsPerCell;
  for (auto [head, columns] :
       {std::pair<const char *, int64_t>{"regression_head", 4},
        {"classification_head", row.classes}}) {
    SmallVector<Value, 6> predictions;
    for (auto [index, map] : llvm::enumerate(maps)) {
      // _prediction_block: depthwise 3x3 + BN + ReLU6, 1x1 with bias.
      std::string base =
          "head." + std::string(head) + ".module_list." + std::to_string(index);
      current = map;
      int64_t channels = shapeOf(map)[1];
      convBnAct(base + ".0", loc, channels, 3, 1, 1, channels, Activation::relu6);
      predictions.push_back(conv(base + ".1", loc, current,
                                 anchorsPerCell * columns, 1, 1, 1, 1,
                                 /*hasBias=*/true));
    }
    ssdResults.push_back(builder.create<ConcatAnchorsOp>(
        named("head." + std::string(head), loc),
        tensorType({1, anchors, columns}), predictions));
  }
  return success();
}

LogicalResult NetworkBuilder::buildLraspp(const LrasppRow &row) {
  FailureOr<Value> low = module(row.low, row.lowLoc, "lraspp low=");
  FailureOr<Value> high = module(row.high, row.highLoc, "lraspp high=");
  if (failed(low) || failed(high))
    return failure();
  ArrayRef<int64_t> lowShape = shapeOf(*low), highShape = shapeOf(*high);
  if (lowShape[2] < highShape[2] || lowShape[3] < highShape[3])
    return emitError(row.highLoc)
           << "LR-ASPP upsamples the high-level features ("
           << formatShape(highShape) << " from " << row.high
           << ") to the size of the low-level ones (" << formatShape(lowShape)
           << " from " << row.low
           << "); a smaller low-level map would be a downsample: pick an "
              "earlier module for low=";
  // cbr: 1x1 conv + BN + ReLU of the high-level features. Its BatchNorm is
  // a plain nn.BatchNorm2d: PyTorch's default epsilon, not the backbone's.
  current = *high;
  convBnAct("classifier.cbr", row.loc, row.inter, 1, 1, 1, 1, Activation::relu,
            kTorchBatchNormEpsilon);
  Value features = current;
  // scale: global pool, 1x1 conv without bias, sigmoid: a channel attention.
  Value pooled = builder.create<GlobalAvgPoolOp>(
      named("classifier.scale.0", row.loc),
      tensorType({1, highShape[1], 1, 1}), *high);
  Value scale = conv("classifier.scale.1", row.loc, pooled, row.inter, 1, 1, 1,
                     1, /*hasBias=*/false);
  scale = activation(Activation::sigmoid, "classifier.scale.2", row.loc, scale);
  Value attended = builder.create<MulOp>(named("classifier.scale", row.loc),
                                         features.getType(), features, scale);
  Value upsampled = builder.create<ResizeBilinearOp>(
      named("classifier.upsample", row.loc),
      tensorType({1, row.inter, lowShape[2], lowShape[3]}), attended);
  Value lowLogits = conv("classifier.low_classifier", row.loc, *low,
                         row.classes, 1, 1, 1, 1, /*hasBias=*/true);
  Value highLogits = conv("classifier.high_classifier", row.loc, upsampled,
                          row.classes, 1, 1, 1, 1, /*hasBias=*/true);
  Value logits = builder.create<AddOp>(named("classifier", row.loc),
                                       lowLogits.getType(), lowLogits,
                                       highLogits);
  current = builder.create<ResizeBilinearOp>(
      named("upsample", row.loc),
      tensorType({1, row.classes, spec.inHeight, spec.inWidth}), logits);
  return success();
}
