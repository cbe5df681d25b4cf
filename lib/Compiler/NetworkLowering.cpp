//===- NetworkLowering.cpp - fused mnv3 IR -> codegen::Network -------------===//
//
// The bridge from MLIR to the Halide back end, which knows nothing of MLIR:
// each top-level fused op becomes one codegen layer with its weights copied
// out of the IR, reading the layer that defines its input (def-use edges, so
// a tensor may feed several layers and outputs). Ops no result depends on
// are left out. Anything not fused (a stray batch_norm or activation) is an
// error at that op: code generation only emits fused blocks.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Compiler.h"

#include "codegen/Codegen.h"
#include "dialects/MNV3Dialect.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mnv3;

namespace {

/// "features.3" for an op fused from "features.3.block.0.0" and friends:
/// the torchvision module the layer comes from, for symbols and reports.
std::string layerName(Operation *op, StringRef fallback) {
  std::string name;
  op->getLoc()->walk([&](Location loc) {
    if (auto named = dyn_cast<NameLoc>(loc)) {
      SmallVector<StringRef> parts;
      named.getName().getValue().split(parts, '.');
      name = parts.size() >= 2 ? (parts[0] + "." + parts[1]).str()
                               : parts[0].str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return name.empty() ? fallback.str() : name;
}

class NetworkLowering {
public:
  FailureOr<codegen::Network> lower(func::FuncOp function);

private:
  FailureOr<std::vector<float>> weights(Operation *user, Value weight) {
    std::optional<std::vector<float>> data = readWeightData(weight);
    if (!data)
      return user->emitError() << "weight '" << getWeightKey(weight)
                               << "' has no data (pass --weights)";
    return std::move(*data);
  }
  FailureOr<codegen::Conv> lowerConv(Conv2DOp conv);
  FailureOr<codegen::SqueezeExcite> lowerSqueezeExcite(SqueezeExciteOp se);
  FailureOr<codegen::Bneck> lowerBneck(BneckOp bneck);
  FailureOr<codegen::Linear> lowerLinear(LinearOp linear);
};

FailureOr<codegen::Conv> NetworkLowering::lowerConv(Conv2DOp conv) {
  ArrayRef<int64_t> w = conv.getWeight().getType().getShape();
  if (w[2] != w[3] || conv.getStrides()[0] != conv.getStrides()[1] ||
      conv.getPadding()[0] != conv.getPadding()[1] ||
      conv.getDilations()[0] != conv.getDilations()[1])
    return conv.emitError("code generation supports square kernels, strides, "
                          "padding and dilation only");
  codegen::Conv result;
  result.inChannels = conv.getInput().getType().getShape()[1];
  result.outChannels = w[0];
  result.kernel = w[2];
  result.stride = conv.getStrides()[0];
  result.padding = conv.getPadding()[0];
  result.dilation = conv.getDilations()[0];
  result.groups = conv.getGroups();
  result.act = toActivationKind(conv.getAct());
  FailureOr<std::vector<float>> data = weights(conv, conv.getWeight());
  if (failed(data))
    return failure();
  result.weights = std::move(*data);
  if (Value bias = conv.getBias()) {
    FailureOr<std::vector<float>> biasData = weights(conv, bias);
    if (failed(biasData))
      return failure();
    result.bias = std::move(*biasData);
  } else {
    result.bias.assign(result.outChannels, 0.0f);
  }
  return result;
}

FailureOr<codegen::SqueezeExcite>
NetworkLowering::lowerSqueezeExcite(SqueezeExciteOp se) {
  codegen::SqueezeExcite result;
  result.channels = se.getInput().getType().getShape()[1];
  result.squeeze = se.getSqueezeChannels();
  result.act = toActivationKind(se.getAct());
  result.gate = toActivationKind(se.getGate());
  auto w1 = weights(se, se.getFc1Weight()), b1 = weights(se, se.getFc1Bias()),
       w2 = weights(se, se.getFc2Weight()), b2 = weights(se, se.getFc2Bias());
  if (failed(w1) || failed(b1) || failed(w2) || failed(b2))
    return failure();
  result.w1 = std::move(*w1);
  result.b1 = std::move(*b1);
  result.w2 = std::move(*w2);
  result.b2 = std::move(*b2);
  return result;
}

FailureOr<codegen::Bneck> NetworkLowering::lowerBneck(BneckOp bneck) {
  codegen::Bneck result;
  if (Conv2DOp expand = bneck.getExpand()) {
    auto conv = lowerConv(expand);
    if (failed(conv))
      return failure();
    result.expand = std::move(*conv);
  }
  auto depthwise = lowerConv(bneck.getDepthwise());
  auto project = lowerConv(bneck.getProject());
  if (failed(depthwise) || failed(project))
    return failure();
  result.depthwise = std::move(*depthwise);
  result.project = std::move(*project);
  if (SqueezeExciteOp se = bneck.getSqueezeExcite()) {
    auto lowered = lowerSqueezeExcite(se);
    if (failed(lowered))
      return failure();
    result.se = std::move(*lowered);
  }
  result.residual = bneck.hasResidual();
  return result;
}

FailureOr<codegen::Linear> NetworkLowering::lowerLinear(LinearOp linear) {
  codegen::Linear result;
  ArrayRef<int64_t> w = linear.getWeight().getType().getShape();
  result.out = w[0];
  result.in = w[1];
  result.act = toActivationKind(linear.getAct());
  auto weight = weights(linear, linear.getWeight());
  auto bias = weights(linear, linear.getBias());
  if (failed(weight) || failed(bias))
    return failure();
  result.weights = std::move(*weight);
  result.bias = std::move(*bias);
  return result;
}

/// The fully connected layer a 1x1 conv of a 1x1 map computes.
codegen::Linear linearOf(codegen::Conv &conv) {
  codegen::Linear linear;
  linear.in = conv.inChannels;
  linear.out = conv.outChannels;
  linear.act = conv.act;
  linear.weights = std::move(conv.weights); // OIHW with H = W = 1: [O][I]
  linear.bias = std::move(conv.bias);
  return linear;
}

/// C, H and W of an [N, C, H, W] value, or of an [N, C] one as a 1x1 map.
void channelsAndMap(Value value, int &c, int &h, int &w) {
  ArrayRef<int64_t> shape = cast<ShapedType>(value.getType()).getShape();
  c = shape[1];
  h = shape.size() == 4 ? shape[2] : 1;
  w = shape.size() == 4 ? shape[3] : 1;
}

FailureOr<codegen::Network> NetworkLowering::lower(func::FuncOp function) {
  // verifyModelFunction vouched for the signature: one [1, C, H, W] f32
  // input, one static f32 result.
  codegen::Network network;
  network.name = function.getName().str();
  channelsAndMap(function.getArgument(0), network.inC, network.inH,
                 network.inW);
  Block &body = function.getBody().front();
  auto terminator = cast<func::ReturnOp>(body.getTerminator());
  bool named = terminator.getNumOperands() > 1 ||
               function.getResultAttr(0, kOutputNameAttr);
  if (!named)
    network.classes =
        cast<RankedTensorType>(function.getResultTypes()[0]).getNumElements();

  // Ops some result depends on, found backwards from the return.
  llvm::DenseSet<Operation *> live;
  SmallVector<Value> work(terminator.getOperands());
  while (!work.empty()) {
    Operation *def = work.pop_back_val().getDefiningOp();
    if (def && live.insert(def).second)
      work.append(def->operand_begin(), def->operand_end());
  }
  // The layer that computes each value (flatten: its pool's layer).
  llvm::DenseMap<Value, int> layerOf;
  auto inputLayer = [&](Value value) {
    return isa<BlockArgument>(value) ? codegen::kNetworkInput
                                     : layerOf.lookup(value);
  };
  auto readsVector = [&](Value value) {
    int layer = inputLayer(value);
    return layer != codegen::kNetworkInput &&
           codegen::isFlat(network.layers[layer]);
  };

  for (Operation &op : body) {
    if (isa<ConstantOp, func::ReturnOp>(op) || !live.contains(&op))
      continue; // weights are copied into layers
    // SSD predictions: no layer of their own; the predicting layers write
    // their parts of the output (below).
    if (auto concat = dyn_cast<ConcatAnchorsOp>(op)) {
      if (!llvm::all_of(concat->getUsers(),
                        [](Operation *user) { return isa<func::ReturnOp>(user); }))
        return concat.emitError("code generation supports concat_anchors only "
                                "as a result of the model");
      continue;
    }
    // Flatten is a no-op after a pool. Without one, canonicalization has
    // dropped the pool of a 1x1 map, which code generation still needs
    // before a linear layer: averaging one pixel is exact, so it comes back.
    auto flatten = dyn_cast<FlattenOp>(op);
    if (flatten && flatten.getInput().getDefiningOp<GlobalAvgPoolOp>()) {
      layerOf[flatten.getResult()] = layerOf.lookup(flatten.getInput());
      continue;
    }
    codegen::Layer layer;
    layer.name = layerName(&op, "layer" + std::to_string(network.layers.size()));
    LogicalResult lowered =
        llvm::TypeSwitch<Operation *, LogicalResult>(&op)
            .Case([&](Conv2DOp conv) {
              auto result = lowerConv(conv);
              if (succeeded(result))
                layer.op = std::move(*result);
              // A 1x1 conv of a pooled vector (LR-ASPP's scale branch) is
              // a fully connected layer: the same [out][in] weights.
              if (succeeded(result) && conv.isPointwise() &&
                  readsVector(conv.getInput()))
                layer.op = linearOf(std::get<codegen::Conv>(layer.op));
              return success(succeeded(result));
            })
            .Case([&](BneckOp bneck) {
              auto result = lowerBneck(bneck);
              if (succeeded(result))
                layer.op = std::move(*result);
              return success(succeeded(result));
            })
            .Case<GlobalAvgPoolOp, FlattenOp>([&](Operation *) {
              layer.op = codegen::GlobalAvgPool{};
              return success();
            })
            .Case([&](LinearOp linear) {
              auto result = lowerLinear(linear);
              if (succeeded(result))
                layer.op = std::move(*result);
              return success(succeeded(result));
            })
            .Case([&](AddOp add) {
              layer.op = codegen::Add{inputLayer(add.getRhs())};
              return success();
            })
            .Case([&](MulOp mul) {
              layer.op = codegen::ChannelScale{inputLayer(mul.getScale())};
              return success();
            })
            .Case([&](ResizeBilinearOp) {
              layer.op = codegen::ResizeBilinear{};
              return success();
            })
            .Default([](Operation *other) {
              return other->emitError()
                     << "code generation needs fused IR, but found '"
                     << other->getName()
                     << "' outside a fused block (run the mnv3-default pipeline)";
            });
    if (failed(lowered))
      return failure();
    // Every op lowered above reads its input first and has one NCHW or
    // [N, C] result.
    channelsAndMap(op.getOperand(0), layer.inC, layer.inH, layer.inW);
    channelsAndMap(op.getResult(0), layer.outC, layer.outH, layer.outW);
    layer.input = inputLayer(op.getOperand(0));
    layerOf[op.getResult(0)] = network.layers.size();
    network.layers.push_back(std::move(layer));
  }
  if (named)
    for (auto [index, value] : llvm::enumerate(terminator.getOperands())) {
      codegen::NetworkOutput output;
      output.name = getOutputName(function, index);
      if (auto concat = value.getDefiningOp<ConcatAnchorsOp>()) {
        for (Value part : concat.getInputs())
          output.anchorParts.push_back(inputLayer(part));
        output.columns = concat.getOutput().getType().getShape()[2];
      } else {
        output.layer = inputLayer(value);
      }
      network.outputs.push_back(std::move(output));
    }
  if (std::string problem = codegen::verifyNetwork(network); !problem.empty())
    return function.emitError() << "code generation rejects the network: "
                                << problem;
  return network;
}

} // namespace

FailureOr<codegen::Network> mnv3::lowerToNetwork(func::FuncOp function) {
  return NetworkLowering().lower(function);
}
