//===- MNV3Ops.cpp - verifiers and accessors of the mnv3 ops ---------------===//
//
// Verifiers check exactly what the reference evaluator and code generation
// rely on, and say which dimension disagrees with what.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/ConvShape.h"
#include "mnv3c/Tensor.h"
#include "dialects/MNV3Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mnv3;

#define GET_OP_CLASSES
#include "dialects/MNV3Ops.cpp.inc"

namespace {
ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

} // namespace

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  if (!isa<ElementsAttr>(getValue()))
    return emitOpError("value must be an elements attribute");
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

bool Conv2DOp::isDepthwise() {
  int64_t channels = shapeOf(getInput())[1];
  int64_t groups = getGroups();
  ArrayRef<int64_t> weight = shapeOf(getWeight());
  // One filter per channel: no channel multiplier.
  return groups == channels && channels > 1 && weight[0] == channels &&
         weight[1] == 1;
}

bool Conv2DOp::isPointwise() {
  ArrayRef<int64_t> w = shapeOf(getWeight());
  return getGroups() == 1 && w[2] == 1 && w[3] == 1 &&
         llvm::all_of(getStrides(), [](int64_t s) { return s == 1; }) &&
         llvm::all_of(getPadding(), [](int64_t p) { return p == 0; });
}

LogicalResult Conv2DOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getWeight()),
                    out = shapeOf(getOutput());
  // Bounded so the shape arithmetic below cannot overflow.
  constexpr int64_t kMax = 1 << 16;
  auto pairOfAtLeast = [&](ArrayRef<int64_t> values, StringRef name,
                           int64_t min) -> LogicalResult {
    if (values.size() != 2)
      return emitOpError() << name << " must have 2 entries (height, width), got "
                           << values.size();
    for (int64_t v : values)
      if (v < min || v > kMax)
        return emitOpError() << name << " must be in [" << min << ", " << kMax
                             << "], got " << v;
    return success();
  };
  if (failed(pairOfAtLeast(getStrides(), "stride", 1)) ||
      failed(pairOfAtLeast(getPadding(), "pad", 0)) ||
      failed(pairOfAtLeast(getDilations(), "dilation", 1)))
    return failure();

  int64_t groups = getGroups();
  if (groups < 1)
    return emitOpError() << "groups must be >= 1, got " << groups;
  if (in[1] % groups != 0)
    return emitOpError() << "input channels (" << in[1]
                         << ") are not divisible by groups (" << groups << ")";
  if (w[0] % groups != 0)
    return emitOpError() << "output channels (" << w[0]
                         << ") are not divisible by groups (" << groups << ")";
  if (w[1] != in[1] / groups)
    return emitOpError() << "weight " << formatShape(w) << " expects "
                         << w[1] * groups << " input channels with groups = "
                         << groups << ", input has " << in[1];
  if (Value bias = getBias(); bias && shapeOf(bias)[0] != w[0])
    return emitOpError() << "bias has " << shapeOf(bias)[0]
                         << " entries for " << w[0] << " output channels";

  int64_t expected[4] = {in[0], w[0], 0, 0};
  for (int axis = 0; axis < 2; ++axis) {
    int64_t size = in[2 + axis], kernel = w[2 + axis],
            pad = getPadding()[axis], dilation = getDilations()[axis];
    if (!convKernelFits(size, kernel, pad, dilation))
      return emitOpError() << "kernel " << w[2] << "x" << w[3]
                           << " with dilation " << dilation
                           << " does not fit the padded input "
                           << formatShape(in);
    expected[2 + axis] =
        convOutputExtent(size, kernel, getStrides()[axis], pad, dilation);
  }
  if (out != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape " << formatShape(out)
                         << " does not match the computed shape "
                         << formatShape(expected);
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp, MulOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  int64_t channels = shapeOf(getInput())[1];
  if (shapeOf(getScale())[0] != channels)
    return emitOpError() << "parameters have " << shapeOf(getScale())[0]
                         << " entries for " << channels << " channels";
  if (!(getEpsilon().convertToFloat() > 0.0f))
    return emitOpError() << "epsilon must be positive";
  return success();
}

LogicalResult MulOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), scale = shapeOf(getScale());
  if (scale[0] != in[0] || scale[1] != in[1] || scale[2] != 1 || scale[3] != 1)
    return emitOpError() << "scale " << formatShape(scale)
                         << " must be [N, C, 1, 1] of input " << formatShape(in);
  return success();
}

//===----------------------------------------------------------------------===//
// GlobalAvgPoolOp, FlattenOp, LinearOp
//===----------------------------------------------------------------------===//

LogicalResult GlobalAvgPoolOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (out[0] != in[0] || out[1] != in[1] || out[2] != 1 || out[3] != 1)
    return emitOpError() << "result " << formatShape(out)
                         << " must be [N, C, 1, 1] of input " << formatShape(in);
  return success();
}

LogicalResult ResizeBilinearOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (out[0] != in[0] || out[1] != in[1])
    return emitOpError() << "result " << formatShape(out)
                         << " must keep N and C of input " << formatShape(in);
  for (int axis : {2, 3})
    if (in[axis] < 1 || out[axis] < 1 || out[axis] > kMaxMapSide)
      return emitOpError() << "cannot resize " << formatShape(in) << " to "
                           << formatShape(out) << ": each side must be in [1, "
                           << kMaxMapSide << "]";
  return success();
}

LogicalResult ConcatAnchorsOp::verify() {
  ArrayRef<int64_t> out = shapeOf(getOutput());
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  int64_t anchors = 0, columns = out[2];
  for (auto [index, input] : llvm::enumerate(getInputs())) {
    ArrayRef<int64_t> in = shapeOf(input);
    if (in[0] != out[0] || columns < 1 || in[1] % columns)
      return emitOpError() << "input " << index << " " << formatShape(in)
                           << " must be [N, A * " << columns
                           << ", H, W] for the result " << formatShape(out);
    anchors += in[1] / columns * in[2] * in[3];
  }
  if (anchors != out[1])
    return emitOpError() << "the inputs hold " << anchors
                         << " anchors but the result " << formatShape(out)
                         << " has " << out[1];
  return success();
}

LogicalResult FlattenOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getOutput());
  if (in[2] != 1 || in[3] != 1)
    return emitOpError() << "input " << formatShape(in)
                         << " must be spatially 1x1 (pool first)";
  if (out[0] != in[0] || out[1] != in[1])
    return emitOpError() << "result " << formatShape(out) << " must be [N, C] of input "
                         << formatShape(in);
  return success();
}

LogicalResult LinearOp::verify() {
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getWeight()),
                    out = shapeOf(getOutput());
  if (w[1] != in[1])
    return emitOpError() << "weight " << formatShape(w) << " expects " << w[1]
                         << " input features, input has " << in[1];
  if (shapeOf(getBias())[0] != w[0])
    return emitOpError() << "bias has " << shapeOf(getBias())[0]
                         << " entries for " << w[0] << " output features";
  if (out[0] != in[0] || out[1] != w[0])
    return emitOpError() << "result " << formatShape(out) << " must be ["
                         << in[0] << ", " << w[0] << "]";
  return success();
}

//===----------------------------------------------------------------------===//
// SqueezeExciteOp
//===----------------------------------------------------------------------===//

LogicalResult SqueezeExciteOp::verify() {
  int64_t channels = shapeOf(getInput())[1];
  ArrayRef<int64_t> w1 = shapeOf(getFc1Weight()), w2 = shapeOf(getFc2Weight());
  int64_t squeeze = w1[0];
  SmallVector<int64_t> w1Expected = {squeeze, channels, 1, 1};
  SmallVector<int64_t> w2Expected = {channels, squeeze, 1, 1};
  if (w1 != ArrayRef<int64_t>(w1Expected))
    return emitOpError() << "fc1 weight " << formatShape(w1) << " must be "
                         << formatShape(w1Expected);
  if (w2 != ArrayRef<int64_t>(w2Expected))
    return emitOpError() << "fc2 weight " << formatShape(w2) << " must be "
                         << formatShape(w2Expected);
  if (shapeOf(getFc1Bias())[0] != squeeze || shapeOf(getFc2Bias())[0] != channels)
    return emitOpError() << "biases must have " << squeeze << " and " << channels
                         << " entries";
  return success();
}

//===----------------------------------------------------------------------===//
// BneckOp
//===----------------------------------------------------------------------===//

namespace {
/// Walks the pieces of a bneck body in order; each must consume the
/// previous piece's result.
struct PieceCursor {
  ArrayRef<Operation *> ops;
  Value current;
  size_t next = 0;

  template <typename OpTy>
  bool take(OpTy &slot) {
    auto piece = next < ops.size() ? dyn_cast<OpTy>(ops[next]) : OpTy();
    if (!piece || piece->getOperand(0) != current)
      return false;
    slot = piece;
    current = piece->getResult(0);
    ++next;
    return true;
  }
  bool done() const { return next == ops.size(); }
};

/// The ops of a bneck body, matched against the one shape the op allows.
struct BneckPieces {
  Conv2DOp expand, depthwise, project;
  SqueezeExciteOp se;
  AddOp residual;
};

FailureOr<BneckPieces> matchBneckBody(BneckOp op, bool emitErrors) {
  auto fail = [&](const Twine &message) -> FailureOr<BneckPieces> {
    if (emitErrors)
      op.emitOpError(message);
    return failure();
  };
  Block &body = op.getBody().front();
  if (body.getNumArguments() != 1 ||
      body.getArgument(0).getType() != op.getInput().getType())
    return fail("body must take one argument of the input type");

  // Weights may sit inside the body; the pieces are the other ops, in order.
  SmallVector<Operation *> ops;
  for (Operation &nested : body.without_terminator())
    if (!isa<ConstantOp>(nested))
      ops.push_back(&nested);

  BneckPieces pieces;
  PieceCursor cursor{ops, body.getArgument(0)};
  Conv2DOp first;
  if (!cursor.take(first))
    return fail("body must start with a conv2d of the block input");
  if (!first.isDepthwise()) {
    if (!first.isPointwise() || first.getAct() == Activation::none)
      return fail("expansion must be a 1x1 conv2d with an activation");
    pieces.expand = first;
    if (!cursor.take(pieces.depthwise) || !pieces.depthwise.isDepthwise())
      return fail("expansion must be followed by a depthwise conv2d");
  } else {
    pieces.depthwise = first;
  }
  if (pieces.depthwise.getAct() == Activation::none)
    return fail("the depthwise conv2d must have an activation");
  cursor.take(pieces.se);
  if (!cursor.take(pieces.project) || !pieces.project.isPointwise() ||
      pieces.project.getAct() != Activation::none)
    return fail("body must end with a 1x1 projection conv2d without activation");
  if (!cursor.done()) {
    auto add = dyn_cast<AddOp>(ops[cursor.next]);
    Value input = body.getArgument(0);
    Value projected = cursor.current;
    if (!add || !((add.getLhs() == projected && add.getRhs() == input) ||
                  (add.getRhs() == projected && add.getLhs() == input)))
      return fail("only a residual add of the block input may follow the projection");
    pieces.residual = add;
    cursor.current = add.getOutput();
    ++cursor.next;
  }
  if (!cursor.done())
    return fail("unexpected op in body");
  Value current = cursor.current;
  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValue() != current)
    return fail("body must yield the result of its last piece");
  if (current.getType() != op.getOutput().getType())
    return fail("yielded type must match the result type");
  return pieces;
}
} // namespace

LogicalResult BneckOp::verifyRegions() {
  if (getBody().empty() || !isa<YieldOp>(getBody().front().back()))
    return emitOpError("body must end with mnv3.yield");
  return matchBneckBody(*this, /*emitErrors=*/true);
}

Conv2DOp BneckOp::getExpand() { return (*matchBneckBody(*this, false)).expand; }
Conv2DOp BneckOp::getDepthwise() {
  return (*matchBneckBody(*this, false)).depthwise;
}
SqueezeExciteOp BneckOp::getSqueezeExcite() {
  return (*matchBneckBody(*this, false)).se;
}
Conv2DOp BneckOp::getProject() { return (*matchBneckBody(*this, false)).project; }
bool BneckOp::hasResidual() {
  return static_cast<bool>((*matchBneckBody(*this, false)).residual);
}
