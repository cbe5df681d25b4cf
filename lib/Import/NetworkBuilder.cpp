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

#include "NetworkBuilder.h"

#include "mnv3c/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mnv3;
using namespace mnv3::import;

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

OwningOpRef<ModuleOp> mnv3::importSpec(const Spec &spec, MLIRContext *context) {
  context->loadDialect<MNV3Dialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = NetworkBuilder(spec, context).build();
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}
