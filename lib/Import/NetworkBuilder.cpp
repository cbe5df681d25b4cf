//===- NetworkBuilder.cpp - Spec -> primitive mnv3 IR ----------------------===//
//
// Walks the spec rows in order, applying torchvision's rules (width
// multiplier rounding, when a block expands, has a residual, how many
// squeeze channels SE gets) and emitting one primitive op per torchvision
// module, named like that module so weights bind by name. Where the
// families differ (module names, SE, the head's width) the spec's
// FamilyPolicy says how.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Importer.h"
#include "mnv3c/ConvShape.h"
#include "mnv3c/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mnv3;

namespace {

/// torch.nn.BatchNorm2d's default eps (torchvision's MobileNetV3 passes 1e-3).
constexpr double kTorchBatchNormEpsilon = 1e-5;

class NetworkBuilder {
public:
  NetworkBuilder(const Spec &spec, MLIRContext *context)
      : spec(spec), family(*spec.family), context(context), builder(context) {}

  OwningOpRef<ModuleOp> build();

private:
  /// stem, bneck rows, head: the `features` Sequential of torchvision.
  LogicalResult buildBneck(int64_t index, const BneckRow &row);
  void buildClassifier();
  /// torchvision's LRASPPHead and LRASPP.forward's final upsample.
  LogicalResult buildLraspp(const LrasppRow &row);
  /// SSDLite's extra blocks and its box and class predictors on six maps.
  LogicalResult buildSsdlite(const SsdliteRow &row, Value firstMap);
  /// SSDLite's C4: the last strided block, split after its expansion.
  FailureOr<int64_t> findSplitBlock(const SsdliteRow &row);

  /// torchvision's module path of block N (0 = stem, then the bnecks, then
  /// the head) and of piece J inside bneck N, as the state_dict of the
  /// whole model names them (`features.S.B` for block B of stage S in a
  /// family with nested stages).
  std::string blockPath(int64_t n) const;
  std::string piecePath(int64_t n, int64_t j) const;
  /// A nested-stage family's Sequential of the blocks of row `stage`.
  std::string stagePath(int64_t stage) const;
  /// Where row `stage` starts in `features`: stage + 1 after the stem's
  /// Conv2dNormActivation, or after the bare modules of a flat `features`
  /// (MNASNet). The head's index is that of the stage after the last.
  int64_t topModuleIndex(int64_t stage) const;
  /// The output of module `path`, or an error at `loc` listing what exists.
  FailureOr<Value> module(StringRef path, LocationAttr loc, StringRef what);
  /// The values the `output` rows name, or the logits without any.
  FailureOr<SmallVector<Value>> resolveOutputs();

  /// conv2d + BatchNorm [+ activation] named `prefix.0`, `.1`, `.2` as
  /// torchvision's Conv2dNormActivation. BatchNorm epsilon: the spec's
  /// unless given.
  void convBnAct(const Twine &prefix, LocationAttr rowLoc, int64_t out,
                 int64_t kernel, int64_t stride, int64_t dilation,
                 int64_t groups, Activation act,
                 std::optional<double> epsilon = std::nullopt);
  /// The same, the modules named by `name()`, one call each: conv, norm and
  /// activation bare (`flat`, MNASNet's modules), or one
  /// Conv2dNormActivation (`P.0`, `P.1`, `P.2` of one name P).
  void convUnit(llvm::function_ref<std::string()> name, bool flat,
                LocationAttr rowLoc, int64_t out, int64_t kernel,
                int64_t stride, int64_t dilation, int64_t groups,
                Activation act);
  Value batchNorm(const Twine &name, LocationAttr rowLoc, Value input,
                  double epsilon);
  Value conv(const Twine &name, LocationAttr rowLoc, Value input, int64_t out,
             int64_t kernel, int64_t stride, int64_t dilation, int64_t groups,
             bool hasBias);
  Value activation(Activation act, const Twine &name, LocationAttr rowLoc,
                   Value input);
  /// A placeholder weight constant keyed by its state_dict name.
  Value weight(const Twine &name, ArrayRef<int64_t> shape, LocationAttr rowLoc);

  Location named(const Twine &name, LocationAttr rowLoc) {
    return NameLoc::get(StringAttr::get(context, name), rowLoc);
  }
  RankedTensorType tensorType(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }
  ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }
  int64_t scaled(int64_t channels) {
    return makeDivisible(channels * spec.widthMultiplier);
  }

  /// Records `current` as the output of torchvision module `name`.
  void produced(const Twine &name) { modules[name.str()] = current; }

  const Spec &spec;
  const FamilyPolicy &family;
  MLIRContext *context;
  OpBuilder builder;
  Value current; ///< the feature map flowing through the network
  int64_t splitBlock = -1; ///< SSDLite's C4 block, -1 without SSDLite
  SmallVector<Value, 2> ssdResults; ///< bbox_regression, cls_logits
  /// Output of every torchvision module an `output` row may name:
  /// features.N, features.N.block.J, avgpool, classifier.K.
  llvm::StringMap<Value> modules;
};

OwningOpRef<ModuleOp> NetworkBuilder::build() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(spec.loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto inputType =
      tensorType({1, spec.inChannels, spec.inHeight, spec.inWidth});
  // The result types are known once the body is built.
  auto function = builder.create<func::FuncOp>(
      spec.loc, spec.name, builder.getFunctionType(inputType, {}));
  builder.setInsertionPointToEnd(function.addEntryBlock());
  current = function.getArgument(0);

  const ConvRow &stem = *spec.stem;
  if (stem.stride > 1 && (spec.inHeight == 1 || spec.inWidth == 1))
    return emitError(stem.loc) << "stride " << stem.stride
                               << " cannot reduce a 1-pixel-wide input",
           nullptr;
  if (spec.ssdlite) {
    FailureOr<int64_t> split = findSplitBlock(*spec.ssdlite);
    if (failed(split))
      return nullptr;
    splitBlock = *split;
  }
  int64_t topModule = 0; // the next bare module of a flat `features`
  auto nextTopModule = [&] {
    return family.features.str() + "." + std::to_string(topModule++);
  };
  if (family.flatFeatures)
    convUnit(nextTopModule, /*flat=*/true, stem.loc, scaled(stem.out),
             stem.kernel, stem.stride, 1, 1, stem.act);
  else
    convBnAct(blockPath(0), stem.loc, scaled(stem.out), stem.kernel,
              stem.stride, 1, 1, stem.act);
  for (auto [index, row] : llvm::enumerate(spec.bnecks))
    if (failed(buildBneck(index + 1, row)))
      return nullptr;

  const ConvRow &head = *spec.head;
  int64_t lastChannels = shapeOf(current)[1];
  int64_t headOut =
      head.outMultiple
          ? static_cast<int64_t>(*head.outMultiple * lastChannels)
          : family.headChannels(head.out, spec.widthMultiplier);
  if (family.flatFeatures) {
    topModule = topModuleIndex(spec.bnecks.back().stage + 1);
    convUnit(nextTopModule, /*flat=*/true, head.loc, headOut, 1, 1, 1, 1,
             head.act);
  } else {
    convBnAct(blockPath(spec.bnecks.size() + 1), head.loc, headOut, 1, 1, 1,
              1, head.act);
  }

  produced(spec.lraspp ? "backbone" : family.features);
  if (spec.poolLoc)
    buildClassifier();
  if (spec.lraspp && failed(buildLraspp(*spec.lraspp)))
    return nullptr;
  if (spec.ssdlite &&
      failed(buildSsdlite(*spec.ssdlite, modules[piecePath(splitBlock, 0)])))
    return nullptr;
  FailureOr<SmallVector<Value>> results = resolveOutputs();
  if (failed(results))
    return nullptr;
  LocationAttr returnLoc = spec.lraspp          ? spec.lraspp->loc
                           : spec.ssdlite         ? spec.ssdlite->loc
                           : spec.outputs.empty() ? spec.classifier.back().loc
                                                  : spec.outputs.back().loc;
  builder.create<func::ReturnOp>(returnLoc, *results);
  function.setType(builder.getFunctionType(inputType, ValueRange(*results).getTypes()));
  for (auto [index, row] : llvm::enumerate(spec.outputs))
    function.setResultAttr(index, kOutputNameAttr,
                           builder.getStringAttr(row.name));
  if (spec.lraspp) // torchvision's LRASPP returns {"out": ...}
    function.setResultAttr(0, kOutputNameAttr, builder.getStringAttr("out"));
  if (spec.ssdlite) { // SSDLiteHead's dict, in its order
    static const char *const names[] = {"bbox_regression", "cls_logits"};
    for (auto [index, name] : llvm::enumerate(names))
      function.setResultAttr(index, kOutputNameAttr, builder.getStringAttr(name));
  }
  return module;
}

FailureOr<Value> NetworkBuilder::module(StringRef path, LocationAttr loc,
                                        StringRef what) {
  auto found = modules.find(path);
  if (found != modules.end())
    return found->second;
  std::string features = spec.lraspp ? "backbone" : family.features.str();
  StringRef block = family.blocksNestedInStages ? "S.B" : "N";
  InFlightDiagnostic diagnostic = emitError(loc);
  diagnostic << "no module '" << path << "' in this network; " << what
             << " names a torchvision module: " << features << ".0 (stem) to "
             << blockPath(spec.bnecks.size() + 1) << " (head), ";
  if (family.blocksNestedInStages)
    diagnostic << features << ".S (stage S), ";
  diagnostic << features << "." << block << "." << family.blockBody
             << ".J inside block " << block << (spec.poolLoc ? ", " : " or ")
             << features
             << (spec.poolLoc ? ", avgpool or classifier.K" : "");
  return diagnostic;
}

FailureOr<SmallVector<Value>> NetworkBuilder::resolveOutputs() {
  if (spec.ssdlite)
    return SmallVector<Value>(ssdResults.begin(), ssdResults.end());
  if (spec.outputs.empty())
    return SmallVector<Value>{current};
  SmallVector<Value> results;
  bool ok = true;
  for (const OutputRow &row : spec.outputs) {
    FailureOr<Value> value = module(row.module, row.moduleLoc, "an output");
    if (succeeded(value))
      results.push_back(*value);
    ok &= succeeded(value);
  }
  if (!ok)
    return failure();
  return results;
}

LogicalResult NetworkBuilder::buildBneck(int64_t index, const BneckRow &row) {
  ArrayRef<int64_t> inShape = shapeOf(current);
  int64_t in = inShape[1];
  if (row.stageInput &&
      *row.stageInput != std::make_pair(inShape[2], inShape[3]))
    return emitError(row.stageInputLoc)
           << "this stage's input is " << inShape[2] << "x" << inShape[3]
           << ", not " << row.stageInput->first << "x"
           << row.stageInput->second << " as the row says";
  if (row.stride > 1 && (inShape[2] == 1 || inShape[3] == 1))
    return emitError(row.loc) << "stride " << row.stride
                              << " cannot reduce a feature map of "
                              << inShape[2] << "x" << inShape[3];
  int64_t expanded = row.separable    ? in
                     : row.expandRatio ? makeDivisible(in * *row.expandRatio)
                                       : scaled(row.expanded);
  int64_t out = scaled(row.out);
  std::string prefix = blockPath(index);
  Value blockInput = current;
  int64_t layer = 0; // index inside torchvision's `block` Sequential
  auto next = [&] { return piecePath(index, layer++); };

  bool flat = family.pieceLayout == PieceLayout::flat;
  if (!row.separable && (expanded != in || family.alwaysExpands))
    convUnit(next, flat, row.loc, expanded, 1, 1, 1, 1, row.act);
  convUnit(next, flat, row.loc, expanded, row.kernel, row.stride,
           row.dilation, expanded, row.act);
  if (row.squeezeExcite) {
    // torchvision's SqueezeExcitation: pool, fc1, activation, fc2, gate, *.
    std::string se = next();
    int64_t squeeze = family.squeezeChannels(in, expanded);
    Value features = current;
    Value pooled = builder.create<GlobalAvgPoolOp>(
        named(se + ".avgpool", row.loc), tensorType({1, expanded, 1, 1}),
        features);
    Value hidden = conv(se + ".fc1", row.loc, pooled, squeeze, 1, 1, 1, 1,
                        /*hasBias=*/true);
    hidden = activation(family.squeezeActivation, se + ".activation", row.loc,
                        hidden);
    Value scale = conv(se + ".fc2", row.loc, hidden, expanded, 1, 1, 1, 1,
                       /*hasBias=*/true);
    scale = activation(family.squeezeGate, se + ".scale_activation", row.loc,
                       scale);
    current = builder.create<MulOp>(named(se, row.loc), features.getType(),
                                    features, scale);
    produced(se);
  }
  convUnit(next, family.pieceLayout != PieceLayout::convNormActivation,
           row.loc, out, 1, 1, 1, 1, Activation::none);
  // A separable block's modules are bare in `features`: no block module.
  if (row.separable)
    return success();
  if (row.stride == 1 && in == out)
    current = builder.create<AddOp>(named(prefix, row.loc), current.getType(),
                                    current, blockInput);
  produced(prefix);
  // A stage's Sequential returns its last block's output.
  bool lastOfStage = size_t(index) == spec.bnecks.size() ||
                     spec.bnecks[index].stage != row.stage;
  if (family.blocksNestedInStages && lastOfStage)
    produced(stagePath(row.stage));
  return success();
}

void NetworkBuilder::buildClassifier() {
  ArrayRef<int64_t> shape = shapeOf(current);
  LocationAttr poolLoc = spec.poolLoc;
  current = builder.create<GlobalAvgPoolOp>(
      named("avgpool", poolLoc), tensorType({1, shape[1], 1, 1}), current);
  produced("avgpool");
  current = builder.create<FlattenOp>(named("flatten", poolLoc),
                                      tensorType({1, shape[1]}), current);
  // Every fc, its activation and each dropout take one index of
  // torchvision's classifier Sequential.
  int64_t moduleIndex = 0;
  for (auto [i, row] : llvm::enumerate(spec.classifier)) {
    if (row.isDropout) {
      ++moduleIndex;
      continue;
    }
    bool isLast = i + 1 == spec.classifier.size();
    // The logits count is the class count; hidden widths scale like channels.
    int64_t out = isLast ? row.out : scaled(row.out);
    std::string name = "classifier." + std::to_string(moduleIndex++);
    int64_t in = shapeOf(current)[1];
    Value w = weight(name + ".weight", {out, in}, row.loc);
    Value b = weight(name + ".bias", {out}, row.loc);
    current = builder.create<LinearOp>(named(name, row.loc),
                                       tensorType({1, out}), current, w, b);
    produced(name);
    if (row.act != Activation::none) {
      std::string actName = "classifier." + std::to_string(moduleIndex++);
      current = activation(row.act, actName, row.loc, current);
      produced(actName);
    }
  }
}

int64_t NetworkBuilder::topModuleIndex(int64_t stage) const {
  if (!family.flatFeatures)
    return stage + 1;
  // The stem's conv, BatchNorm and activation (a flat family fixes one),
  // then per stage one Sequential, or a separable block's five bare
  // modules (depthwise conv, BatchNorm, activation, conv, BatchNorm).
  int64_t index = 3;
  for (const BneckRow &row : spec.bnecks)
    if (row.stage < stage && row.indexInStage == 0)
      index += row.separable ? 5 : 1;
  return index;
}

std::string NetworkBuilder::stagePath(int64_t stage) const {
  return family.features.str() + "." + std::to_string(topModuleIndex(stage));
}

std::string NetworkBuilder::blockPath(int64_t n) const {
  if (spec.lraspp)
    return "backbone." + std::to_string(n);
  if (family.blocksNestedInStages) {
    // Stem, one Sequential per stage row, head.
    if (n == 0)
      return family.features.str() + ".0";
    if (size_t(n) > spec.bnecks.size())
      return stagePath(spec.bnecks.back().stage + 1);
    const BneckRow &row = spec.bnecks[n - 1];
    return stagePath(row.stage) + "." + std::to_string(row.indexInStage);
  }
  if (splitBlock < 0)
    return family.features.str() + "." + std::to_string(n);
  // SSDLiteFeatureExtractorMobileNet: features.0 = blocks before C4 and
  // C4's expansion, features.1 = the rest of C4 (as its module 0), then
  // the later blocks.
  if (n < splitBlock)
    return "backbone.features.0." + std::to_string(n);
  return "backbone.features.1." + std::to_string(n - splitBlock);
}

std::string NetworkBuilder::piecePath(int64_t n, int64_t j) const {
  if (family.flatFeatures && spec.bnecks[n - 1].separable)
    return family.features.str() + "." +
           std::to_string(topModuleIndex(spec.bnecks[n - 1].stage) + j);
  if (n != splitBlock)
    return family.piecePath(blockPath(n), j);
  return j == 0 ? "backbone.features.0." + std::to_string(n)
                : "backbone.features.1.0." + std::to_string(j);
}

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

void NetworkBuilder::convBnAct(const Twine &prefix, LocationAttr rowLoc,
                               int64_t out, int64_t kernel, int64_t stride,
                               int64_t dilation, int64_t groups,
                               Activation act, std::optional<double> epsilon) {
  std::string base = prefix.str();
  current = conv(base + ".0", rowLoc, current, out, kernel, stride, dilation,
                 groups, /*hasBias=*/false);
  current = batchNorm(base + ".1", rowLoc, current,
                      epsilon.value_or(spec.batchNormEpsilon));
  if (act != Activation::none)
    current = activation(act, base + ".2", rowLoc, current);
  produced(base);
}

void NetworkBuilder::convUnit(llvm::function_ref<std::string()> name,
                              bool flat, LocationAttr rowLoc, int64_t out,
                              int64_t kernel, int64_t stride, int64_t dilation,
                              int64_t groups, Activation act) {
  if (!flat)
    return convBnAct(name(), rowLoc, out, kernel, stride, dilation, groups,
                     act);
  std::string convName = name();
  current = conv(convName, rowLoc, current, out, kernel, stride, dilation,
                 groups, /*hasBias=*/false);
  produced(convName);
  std::string normName = name();
  current = batchNorm(normName, rowLoc, current, spec.batchNormEpsilon);
  produced(normName);
  if (act == Activation::none)
    return;
  std::string actName = name();
  current = activation(act, actName, rowLoc, current);
  produced(actName);
}

Value NetworkBuilder::batchNorm(const Twine &name, LocationAttr rowLoc,
                                Value input, double epsilon) {
  std::string base = name.str();
  int64_t channels = shapeOf(input)[1];
  SmallVector<Value, 4> params;
  for (StringRef field : {"weight", "bias", "running_mean", "running_var"})
    params.push_back(weight(base + "." + field, {channels}, rowLoc));
  return builder.create<BatchNormOp>(
      named(base, rowLoc), input.getType(), input, params[0], params[1],
      params[2], params[3],
      builder.getF32FloatAttr(static_cast<float>(epsilon)));
}

Value NetworkBuilder::conv(const Twine &name, LocationAttr rowLoc, Value input,
                           int64_t out, int64_t kernel, int64_t stride,
                           int64_t dilation, int64_t groups, bool hasBias) {
  std::string base = name.str();
  ArrayRef<int64_t> in = shapeOf(input);
  int64_t pad = samePadding(kernel, dilation);
  auto extent = [&](int64_t size) {
    return convOutputExtent(size, kernel, stride, pad, dilation);
  };
  Value w = weight(base + ".weight", {out, in[1] / groups, kernel, kernel},
                   rowLoc);
  Value b = hasBias ? weight(base + ".bias", {out}, rowLoc) : Value();
  return builder.create<Conv2DOp>(
      named(base, rowLoc),
      tensorType({in[0], out, extent(in[2]), extent(in[3])}), input, w, b,
      builder.getDenseI64ArrayAttr({stride, stride}),
      builder.getDenseI64ArrayAttr({pad, pad}),
      builder.getDenseI64ArrayAttr({dilation, dilation}),
      builder.getI64IntegerAttr(groups),
      ActivationAttr::get(context, Activation::none));
}

Value NetworkBuilder::activation(Activation act, const Twine &name,
                                 LocationAttr rowLoc, Value input) {
  Location loc = named(name, rowLoc);
  Type type = input.getType();
  switch (act) {
  case Activation::relu:
    return builder.create<ReluOp>(loc, type, input);
  case Activation::relu6:
    return builder.create<Relu6Op>(loc, type, input);
  case Activation::hardswish:
    return builder.create<HardSwishOp>(loc, type, input);
  case Activation::hardsigmoid:
    return builder.create<HardSigmoidOp>(loc, type, input);
  case Activation::sigmoid:
    return builder.create<SigmoidOp>(loc, type, input);
  case Activation::swish:
    return builder.create<SwishOp>(loc, type, input);
  case Activation::none:
    return input;
  }
  llvm_unreachable("unknown activation");
}

Value NetworkBuilder::weight(const Twine &name, ArrayRef<int64_t> shape,
                             LocationAttr rowLoc) {
  std::string key = name.str();
  auto handle =
      DenseResourceElementsHandle::getManagerInterface(context).insert(key);
  auto value = DenseResourceElementsAttr::get(tensorType(shape), handle);
  return builder.create<ConstantOp>(named(key, rowLoc), value);
}

} // namespace

OwningOpRef<ModuleOp> mnv3::importSpec(const Spec &spec, MLIRContext *context) {
  context->loadDialect<MNV3Dialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = NetworkBuilder(spec, context).build();
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}
