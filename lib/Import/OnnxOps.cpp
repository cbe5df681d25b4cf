//===- OnnxOps.cpp - one handler per supported ONNX op type ---------------===//
//
// Each handler checks the attributes it cannot honour and names them in its
// error rather than computing something else. torch.onnx.export of
// torchvision's MobileNetV3 (opset 13-17, eval mode) gives: Conv with the
// BatchNorm folded in as a bias, Relu, HardSigmoid, Mul (x * HardSigmoid(x)
// is hardswish before opset 14, HardSwish after; a [N, C, 1, 1] gate times
// a feature map is squeeze-excite), Add, GlobalAveragePool, Flatten, Gemm.
//
//===----------------------------------------------------------------------===//

#include "OnnxRaiser.h"

#include "mnv3c/ConvShape.h"
#include "mnv3c/Tensor.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
using namespace mnv3;

namespace {
/// mnv3.conv2d's verifier bound on strides, pads and dilations; checked
/// first so the shape arithmetic cannot overflow.
constexpr int64_t kMaxConvParameter = 1 << 16;

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

std::string listOf(ArrayRef<int64_t> values) { return formatShape(values); }

/// "0.2", "-1", "0.166667": attribute values as a user would write them.
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}
} // namespace

template <typename OpT>
LogicalResult OnnxRaiser::activation(const OnnxNode &node) {
  FailureOr<Value> input = operand(node, 0, /*rank=*/-1);
  if (failed(input))
    return failure();
  return define(node,
                builder.create<OpT>(nodeLoc(node), input->getType(), *input));
}

LogicalResult OnnxRaiser::raiseRelu(const OnnxNode &node) {
  return activation<ReluOp>(node);
}
LogicalResult OnnxRaiser::raiseSigmoid(const OnnxNode &node) {
  return activation<SigmoidOp>(node);
}
LogicalResult OnnxRaiser::raiseHardSwish(const OnnxNode &node) {
  return activation<HardSwishOp>(node);
}

LogicalResult OnnxRaiser::raiseHardSigmoid(const OnnxNode &node) {
  // ONNX's defaults are alpha 0.2, beta 0.5; torch's Hardsigmoid is
  // relu6(x + 3) / 6, i.e. alpha 1/6, beta 0.5, and so is mnv3.hardsigmoid.
  FailureOr<float> alpha = floatAttr(node, "alpha", 0.2f);
  FailureOr<float> beta = floatAttr(node, "beta", 0.5f);
  if (failed(alpha) || failed(beta))
    return failure();
  if (std::abs(*alpha - 1.0 / 6) > 1e-6 || std::abs(*beta - 0.5) > 1e-6)
    return nodeError(node) << "alpha " << number(*alpha) << ", beta "
                           << number(*beta)
                           << ": mnv3c supports torch's Hardsigmoid only "
                              "(alpha 1/6, beta 0.5)";
  return activation<HardSigmoidOp>(node);
}

LogicalResult OnnxRaiser::raiseClip(const OnnxNode &node) {
  // The bounds are optional inputs (opset 11 on), scalar constants.
  std::optional<float> bounds[2];
  for (int i = 0; i < 2; ++i) {
    FailureOr<const OnnxTensor *> tensor = constantInput(node, 1 + i);
    if (failed(tensor))
      return failure();
    if (!*tensor)
      continue;
    FailureOr<std::vector<float>> data = constantValues(node, **tensor);
    if (failed(data))
      return failure();
    if (data->size() != 1)
      return nodeError(node) << "its " << (i ? "max" : "min") << " bound '"
                             << (*tensor)->name << "' is not a scalar";
    bounds[i] = data->front();
  }
  if (bounds[0] == 0.0f && bounds[1] == 6.0f)
    return activation<Relu6Op>(node);
  if (bounds[0] == 0.0f && !bounds[1])
    return activation<ReluOp>(node);
  auto text = [](std::optional<float> bound) {
    return bound ? number(*bound) : std::string("none");
  };
  return nodeError(node) << "Clip to [" << text(bounds[0]) << ", "
                         << text(bounds[1])
                         << "]: mnv3c supports Clip(0, 6) (ReLU6) and "
                            "Clip(0) (ReLU) only";
}

LogicalResult OnnxRaiser::raiseConv(const OnnxNode &node) {
  FailureOr<Value> input = operand(node, 0, 4);
  FailureOr<const OnnxTensor *> weightTensor = constantInput(node, 1);
  if (failed(input) || failed(weightTensor))
    return failure();
  if (!*weightTensor)
    return nodeError(node) << "input 1 (the weight) is missing";
  const std::vector<int64_t> &w = (*weightTensor)->dims;
  if (w.size() != 4)
    return nodeError(node) << "weight '" << (*weightTensor)->name
                           << "' has shape " << listOf(w)
                           << "; a 2-D convolution needs [O, C/group, kH, kW]";
  FailureOr<const OnnxAttribute *> autoPad =
      attributeOf(node, "auto_pad", OnnxAttribute::Kind::String, "STRING");
  if (failed(autoPad))
    return failure();
  if (*autoPad && (*autoPad)->s != "NOTSET")
    return nodeError(node) << "auto_pad '" << (*autoPad)->s
                           << "' is not supported: mnv3c needs explicit pads "
                              "(as torch.onnx.export writes them)";
  FailureOr<int64_t> group = intAttr(node, "group", 1);
  FailureOr<SmallVector<int64_t>> kernel =
      intsAttr(node, "kernel_shape", 2, {w[2], w[3]});
  FailureOr<SmallVector<int64_t>> strides =
      intsAttr(node, "strides", 2, {1, 1});
  FailureOr<SmallVector<int64_t>> dilations =
      intsAttr(node, "dilations", 2, {1, 1});
  FailureOr<SmallVector<int64_t>> pads =
      intsAttr(node, "pads", 4, {0, 0, 0, 0});
  if (failed(group) || failed(kernel) || failed(strides) || failed(dilations) ||
      failed(pads))
    return failure();
  // Bounded before any arithmetic with them, as strides and pads below.
  if (w[2] < 1 || w[2] > kMaxConvParameter || w[3] < 1 ||
      w[3] > kMaxConvParameter)
    return nodeError(node) << "weight '" << (*weightTensor)->name
                           << "' has kernel " << w[2] << "x" << w[3]
                           << ": each side must be in [1, "
                           << kMaxConvParameter << "]";
  if ((*kernel)[0] != w[2] || (*kernel)[1] != w[3])
    return nodeError(node) << "kernel_shape " << listOf(*kernel)
                           << " does not match the weight " << listOf(w);
  auto inRange = [](ArrayRef<int64_t> values, int64_t min) {
    return llvm::all_of(
        values, [&](int64_t v) { return v >= min && v <= kMaxConvParameter; });
  };
  if (!inRange(*strides, 1) || !inRange(*dilations, 1) || !inRange(*pads, 0))
    return nodeError(node) << "strides " << listOf(*strides) << ", dilations "
                           << listOf(*dilations) << ", pads " << listOf(*pads)
                           << ": each must be in [1, " << kMaxConvParameter
                           << "] ([0, " << kMaxConvParameter << "] for pads)";
  if ((*pads)[0] != (*pads)[2] || (*pads)[1] != (*pads)[3])
    return nodeError(node) << "asymmetric pads " << listOf(*pads)
                           << " (top, left, bottom, right): mnv3.conv2d pads "
                              "both sides of an axis equally";
  ArrayRef<int64_t> in = shapeOf(*input);
  if (*group < 1 || in[1] % *group != 0 || w[0] % *group != 0 ||
      w[1] != in[1] / *group)
    return nodeError(node) << "weight " << listOf(w) << " with group " << *group
                           << " does not fit an input of " << in[1]
                           << " channels";
  SmallVector<int64_t, 4> out = {in[0], w[0], 0, 0};
  for (int axis = 0; axis < 2; ++axis) {
    int64_t size = in[2 + axis], kernel = w[2 + axis], pad = (*pads)[axis],
            dilation = (*dilations)[axis];
    if (!convKernelFits(size, kernel, pad, dilation))
      return nodeError(node)
             << "its " << listOf(w) << " kernel does not fit the padded input "
             << listOf(in);
    out[2 + axis] =
        convOutputExtent(size, kernel, (*strides)[axis], pad, dilation);
  }
  FailureOr<Value> weight = this->weight(node, 1, "weight", w);
  if (failed(weight))
    return failure();
  Value bias;
  if (node.inputs.size() > 2 && !node.inputs[2].empty()) {
    FailureOr<Value> b = this->weight(node, 2, "bias", {w[0]});
    if (failed(b))
      return failure();
    bias = *b;
  }
  return define(node,
                builder.create<Conv2DOp>(
                    nodeLoc(node), tensorType(out), *input, *weight, bias,
                    builder.getDenseI64ArrayAttr(*strides),
                    builder.getDenseI64ArrayAttr({(*pads)[0], (*pads)[1]}),
                    builder.getDenseI64ArrayAttr(*dilations),
                    builder.getI64IntegerAttr(*group),
                    ActivationAttr::get(context, Activation::none)));
}

LogicalResult OnnxRaiser::raiseBatchNorm(const OnnxNode &node) {
  FailureOr<Value> input = operand(node, 0, 4);
  FailureOr<float> epsilon = floatAttr(node, "epsilon", 1e-5f);
  FailureOr<int64_t> training = intAttr(node, "training_mode", 0);
  if (failed(input) || failed(epsilon) || failed(training))
    return failure();
  if (*training != 0 ||
      llvm::any_of(llvm::drop_begin(node.outputs),
                   [](const std::string &name) { return !name.empty(); }))
    return nodeError(node) << "training mode (training_mode 1 or running "
                              "statistics as outputs) "
                              "is not supported: export the model in eval "
                              "mode";
  int64_t channels = shapeOf(*input)[1];
  SmallVector<Value, 4> params;
  static const char *const roles[] = {"weight", "bias", "running_mean",
                                      "running_var"};
  for (auto [index, role] : llvm::enumerate(roles)) {
    FailureOr<Value> param = weight(node, 1 + index, role, {channels});
    if (failed(param))
      return failure();
    params.push_back(*param);
  }
  return define(node, builder.create<BatchNormOp>(
                          nodeLoc(node), input->getType(), *input, params[0],
                          params[1], params[2], params[3],
                          builder.getF32FloatAttr(*epsilon)));
}

LogicalResult OnnxRaiser::raiseMul(const OnnxNode &node) {
  FailureOr<Value> lhs = operand(node, 0, -1), rhs = operand(node, 1, -1);
  if (failed(lhs) || failed(rhs))
    return failure();
  // x * HardSigmoid(x), either way round: torch's Hardswish before opset 14.
  for (int i = 0; i < 2; ++i) {
    const OnnxNode *gate = producers.lookup(node.inputs[i]);
    if (gate && gate->opType == "HardSigmoid" &&
        gate->inputs.front() == node.inputs[1 - i]) {
      Value x = i ? *lhs : *rhs;
      return define(node,
                    builder.create<HardSwishOp>(nodeLoc(node), x.getType(), x));
    }
  }
  // A feature map times a per-channel gate [N, C, 1, 1]: squeeze-excite
  // (torch writes the gate first).
  ArrayRef<int64_t> a = shapeOf(*lhs), b = shapeOf(*rhs);
  auto isGateOf = [](ArrayRef<int64_t> gate, ArrayRef<int64_t> map) {
    return gate.size() == 4 && map.size() == 4 && gate[0] == map[0] &&
           gate[1] == map[1] && gate[2] == 1 && gate[3] == 1;
  };
  if (isGateOf(a, b) || isGateOf(b, a)) {
    bool lhsIsGate =
        isGateOf(a, b) && (!isGateOf(b, a) || [&] {
          const OnnxNode *p = producers.lookup(node.inputs[0]);
          return p && (p->opType == "HardSigmoid" || p->opType == "Sigmoid");
        }());
    Value map = lhsIsGate ? *rhs : *lhs, gate = lhsIsGate ? *lhs : *rhs;
    return define(
        node, builder.create<MulOp>(nodeLoc(node), map.getType(), map, gate));
  }
  return nodeError(node) << "Mul of " << listOf(a) << " and " << listOf(b)
                         << ": mnv3c supports x * HardSigmoid(x) (hardswish) "
                            "and a feature map times a per-channel gate "
                            "[N, C, 1, 1] (squeeze-excite) only";
}

LogicalResult OnnxRaiser::raiseAdd(const OnnxNode &node) {
  FailureOr<Value> lhs = operand(node, 0, -1), rhs = operand(node, 1, -1);
  if (failed(lhs) || failed(rhs))
    return failure();
  if (lhs->getType() != rhs->getType())
    return nodeError(node) << "Add of " << listOf(shapeOf(*lhs)) << " and "
                           << listOf(shapeOf(*rhs))
                           << ": mnv3c adds tensors of the same shape only "
                              "(a residual connection), without broadcasting";
  return define(
      node, builder.create<AddOp>(nodeLoc(node), lhs->getType(), *lhs, *rhs));
}

LogicalResult OnnxRaiser::raiseGlobalAveragePool(const OnnxNode &node) {
  FailureOr<Value> input = operand(node, 0, 4);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*input);
  return define(node,
                builder.create<GlobalAvgPoolOp>(
                    nodeLoc(node), tensorType({in[0], in[1], 1, 1}), *input));
}

LogicalResult OnnxRaiser::raiseFlatten(const OnnxNode &node) {
  FailureOr<Value> input = operand(node, 0, 4);
  FailureOr<int64_t> axis = intAttr(node, "axis", 1);
  if (failed(input) || failed(axis))
    return failure();
  ArrayRef<int64_t> in = shapeOf(*input);
  if ((*axis != 1 && *axis != -3) || in[2] != 1 || in[3] != 1)
    return nodeError(node) << "Flatten of " << listOf(in) << " at axis "
                           << *axis
                           << ": mnv3c flattens a pooled [N, C, 1, 1] "
                              "map at axis 1 only";
  return define(node, builder.create<FlattenOp>(
                          nodeLoc(node), tensorType({in[0], in[1]}), *input));
}

LogicalResult OnnxRaiser::raiseGemm(const OnnxNode &node) {
  FailureOr<Value> input = operand(node, 0, 2);
  FailureOr<const OnnxTensor *> b = constantInput(node, 1);
  FailureOr<float> alpha = floatAttr(node, "alpha", 1.0f);
  FailureOr<float> beta = floatAttr(node, "beta", 1.0f);
  FailureOr<int64_t> transA = intAttr(node, "transA", 0);
  FailureOr<int64_t> transB = intAttr(node, "transB", 0);
  if (failed(input) || failed(b) || failed(alpha) || failed(beta) ||
      failed(transA) || failed(transB))
    return failure();
  if (!*b)
    return nodeError(node) << "input 1 (the weight) is missing";
  if (*alpha != 1.0f || *beta != 1.0f || *transA != 0)
    return nodeError(node) << "alpha " << number(*alpha) << ", beta "
                           << number(*beta) << ", transA " << *transA
                           << ": mnv3c supports a Linear layer only (alpha "
                              "1, beta 1, transA 0)";
  int64_t in = shapeOf(*input)[1];
  const std::vector<int64_t> &dims = (*b)->dims;
  // mnv3.linear's weight is [out, in], torch's layout (transB 1).
  bool transposed = *transB != 0;
  if (dims.size() != 2 || dims[transposed ? 1 : 0] != in)
    return nodeError(node) << "weight '" << (*b)->name << "' has shape "
                           << listOf(dims) << "; expected "
                           << (transposed ? "[out, " : "[") << in
                           << (transposed ? "]" : ", out]")
                           << " for an input of " << in << " features";
  int64_t out = dims[transposed ? 0 : 1];
  auto toOutIn = [&](const std::vector<float> &inOut) {
    std::vector<float> outIn(inOut.size());
    for (int64_t i = 0; i < in; ++i)
      for (int64_t o = 0; o < out; ++o)
        outIn[o * in + i] = inOut[i * out + o];
    return outIn;
  };
  FailureOr<Value> weight =
      transposed ? this->weight(node, 1, "weight", {out, in})
                 : this->weight(node, 1, "weight", {out, in}, toOutIn);
  if (failed(weight))
    return failure();
  // C is optional and broadcast; a Linear layer's bias is [out] or [1, out].
  Value bias;
  if (node.inputs.size() > 2 && !node.inputs[2].empty()) {
    FailureOr<Value> c = this->weight(node, 2, "bias", {out});
    if (failed(c))
      return failure();
    bias = *c;
  } else {
    std::vector<float> zeros(out, 0.0f);
    bias = createWeight(builder, nodeLoc(node),
                        weightKey(node, OnnxTensor(), "bias"), {out},
                        ArrayRef<float>(zeros));
  }
  return define(node, builder.create<LinearOp>(
                          nodeLoc(node), tensorType({shapeOf(*input)[0], out}),
                          *input, *weight, bias,
                          ActivationAttr::get(context, Activation::none)));
}

LogicalResult OnnxRaiser::raisePassThrough(const OnnxNode &node) {
  // Identity, and Dropout in inference (its mask output, if any, unused).
  if (node.inputs.empty() || node.inputs.front().empty())
    return nodeError(node) << "input 0 is missing";
  const std::string &input = node.inputs.front();
  if (const OnnxTensor *constant = constants.lookup(input)) {
    constants[node.outputs.front()] = constant;
    return success();
  }
  FailureOr<Value> value = operand(node, 0, -1);
  if (failed(value))
    return failure();
  return define(node, *value);
}

LogicalResult OnnxRaiser::raiseConstant(const OnnxNode &node) {
  const OnnxAttribute *value = node.find("value");
  if (!value || value->kind != OnnxAttribute::Kind::Tensor ||
      node.attributes.size() != 1)
    return nodeError(node) << "mnv3c reads a Constant given as one 'value' "
                              "tensor only";
  constants[node.outputs.front()] = &*value->tensor;
  return success();
}
