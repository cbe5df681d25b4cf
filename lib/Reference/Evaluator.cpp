//===- Evaluator.cpp - the reference evaluator of the mnv3 dialect --------===//
//
// Walks a function's ops in order and keeps one environment, Value -> Tensor.
// Each op reads its operands from the environment, runs the kernel of its
// family (Kernels.cpp) and binds its result. A bneck runs its region the same
// way, with the region's argument bound to the bneck's input, so fused and
// unfused IR are executed by the very same kernels.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Tensor.h"
#include "mnv3c/Evaluator.h"

#include "Kernels.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Endian.h"

using namespace mlir;

namespace mnv3 {
namespace {

/// The tensor a mnv3.constant holds: a dense literal (splats included) or a
/// dense_resource blob of raw little-endian f32.
FailureOr<Tensor> readConstant(ConstantOp op) {
  auto type = cast<ShapedType>(op.getType());
  Tensor tensor(type.getShape());
  Attribute value = op.getValue();

  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (!dense.getElementType().isF32())
      return op.emitError() << "constant must hold f32 values";
    llvm::copy(dense.getValues<float>(), tensor.data.begin());
    return tensor;
  }

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    DenseResourceElementsHandle handle = resource.getRawHandle();
    const AsmResourceBlob *blob = handle.getBlob();
    // Imported without weights, or printed with elided resources.
    if (!blob)
      return op.emitError() << "weight '" << handle.getKey()
                            << "' has no data (pass --weights)";
    ArrayRef<char> bytes = blob->getData();
    if (bytes.size() != tensor.data.size() * sizeof(float))
      return op.emitError() << "weight '" << handle.getKey() << "' holds "
                            << bytes.size() << " bytes, but " << type << " needs "
                            << tensor.data.size() * sizeof(float);
    // Read element by element so the byte order is right on any host.
    for (size_t i = 0; i < tensor.data.size(); ++i)
      tensor.data[i] = llvm::support::endian::read<float, llvm::endianness::little>(
          bytes.data() + i * sizeof(float));
    return tensor;
  }

  return op.emitError() << "the reference evaluator cannot read constant "
                        << value;
}

class Interpreter {
public:
  explicit Interpreter(TensorObserver observer) : observer(observer) {}

  /// Runs the ops of `block`, whose arguments must already be bound, and
  /// returns the values its terminator (func.return or mnv3.yield) returns.
  FailureOr<std::vector<Tensor>> runBlock(Block &block) {
    // Each value of this block is dropped after the last op that uses it
    // (directly or from inside its region), so memory follows the live
    // tensors rather than the whole network. Values from enclosing blocks
    // are left alone: a later op out there may still need them.
    llvm::DenseMap<Value, Operation *> lastUser;
    for (Operation &op : block)
      op.walk([&](Operation *user) {
        for (Value operand : user->getOperands())
          if (operand.getParentBlock() == &block)
            lastUser[operand] = &op;
      });
    llvm::DenseMap<Operation *, SmallVector<Value>> deadAfter;
    for (auto [value, user] : lastUser)
      deadAfter[user].push_back(value);
    auto dropDeadValues = [&](Operation &op) {
      for (Value value : deadAfter.lookup(&op))
        env.erase(value);
    };

    for (Operation &op : block) {
      if (isa<func::ReturnOp, YieldOp>(op)) {
        if (op.getNumOperands() == 0)
          return op.emitError() << "the reference evaluator expects a "
                                   "returned tensor";
        std::vector<Tensor> results;
        for (Value operand : op.getOperands())
          results.push_back(lookup(operand));
        dropDeadValues(op);
        return results;
      }
      FailureOr<Tensor> result = evaluateOp(&op);
      if (failed(result))
        return failure();
      // The kernels compute their own result shapes; a disagreement with the
      // declared type is a bug in a kernel or IR that bypassed the verifier.
      auto declared = cast<ShapedType>(op.getResult(0).getType()).getShape();
      if (ArrayRef<int64_t>(result->shape) != declared)
        return op.emitError() << "the reference evaluator computed shape "
                              << formatShape(result->shape)
                              << " but the op declares " << formatShape(declared);
      if (observer && !isa<ConstantOp>(op))
        observer(&op, *result);
      dropDeadValues(op);
      if (lastUser.count(op.getResult(0))) // unused results are not kept
        env[op.getResult(0)] = std::move(*result);
    }
    return block.getParentOp()->emitError()
           << "block has no terminator the reference evaluator knows";
  }

  void bind(Value value, Tensor tensor) { env[value] = std::move(tensor); }

private:
  const Tensor &lookup(Value value) {
    auto it = env.find(value);
    // Verified IR defines every operand before its use, so this is a bug in
    // the evaluator (e.g. a value dropped too early), never a user error.
    if (it == env.end())
      llvm::report_fatal_error("reference evaluator: operand read before it "
                               "was evaluated or after it was dropped");
    return it->second;
  }

  /// Computes the single result of a non-terminator op. Operands are read by
  /// reference; nothing is inserted into `env` until the result is complete.
  FailureOr<Tensor> evaluateOp(Operation *op) {
    if (std::optional<Activation> act = getActivationOf(op))
      return reference::activation(lookup(op->getOperand(0)), *act);

    return llvm::TypeSwitch<Operation *, FailureOr<Tensor>>(op)
        .Case([&](ConstantOp constant) { return readConstant(constant); })
        .Case([&](Conv2DOp conv) -> FailureOr<Tensor> {
          const Tensor *bias = conv.getBias() ? &lookup(conv.getBias()) : nullptr;
          return reference::conv2d(lookup(conv.getInput()), lookup(conv.getWeight()),
                                   bias, conv.getStrides(), conv.getPadding(),
                                   conv.getDilations(), conv.getGroups(),
                                   conv.getAct());
        })
        .Case([&](BatchNormOp bn) -> FailureOr<Tensor> {
          return reference::batchNorm(
              lookup(bn.getInput()), lookup(bn.getScale()), lookup(bn.getOffset()),
              lookup(bn.getMean()), lookup(bn.getVariance()),
              bn.getEpsilon().convertToDouble());
        })
        .Case([&](AddOp sum) -> FailureOr<Tensor> {
          return reference::add(lookup(sum.getLhs()), lookup(sum.getRhs()));
        })
        .Case([&](MulOp mul) -> FailureOr<Tensor> {
          return reference::channelMul(lookup(mul.getInput()), lookup(mul.getScale()));
        })
        .Case([&](ResizeBilinearOp resize) -> FailureOr<Tensor> {
          ArrayRef<int64_t> out = resize.getOutput().getType().getShape();
          return reference::resizeBilinear(lookup(resize.getInput()), out[2],
                                           out[3]);
        })
        .Case([&](ConcatAnchorsOp concat) -> FailureOr<Tensor> {
          SmallVector<const Tensor *> inputs;
          for (Value input : concat.getInputs())
            inputs.push_back(&lookup(input));
          return reference::concatAnchors(
              inputs, concat.getOutput().getType().getShape()[2]);
        })
        .Case([&](GlobalAvgPoolOp pool) -> FailureOr<Tensor> {
          return reference::globalAvgPool(lookup(pool.getInput()));
        })
        .Case([&](FlattenOp flatten) -> FailureOr<Tensor> {
          return reference::flatten(lookup(flatten.getInput()));
        })
        .Case([&](LinearOp fc) -> FailureOr<Tensor> {
          return reference::linear(lookup(fc.getInput()), lookup(fc.getWeight()),
                                   lookup(fc.getBias()), fc.getAct());
        })
        .Case([&](SqueezeExciteOp se) -> FailureOr<Tensor> {
          return reference::squeezeExcite(
              lookup(se.getInput()), lookup(se.getFc1Weight()),
              lookup(se.getFc1Bias()), lookup(se.getFc2Weight()),
              lookup(se.getFc2Bias()), se.getAct(), se.getGate());
        })
        .Case([&](BneckOp bneck) -> FailureOr<Tensor> {
          Block &body = bneck.getBody().front();
          bind(body.getArgument(0), lookup(bneck.getInput()));
          FailureOr<std::vector<Tensor>> results = runBlock(body);
          if (failed(results))
            return failure();
          return std::move(results->front());
        })
        .Default([&](Operation *unknown) -> FailureOr<Tensor> {
          return unknown->emitError() << "the reference evaluator does not support '"
                                      << unknown->getName() << "'";
        });
  }

  TensorObserver observer;
  llvm::DenseMap<Value, Tensor> env;
};

} // namespace

FailureOr<std::vector<Tensor>> evaluate(func::FuncOp function,
                                        const Tensor &input,
                                        TensorObserver observer) {
  if (function.isExternal())
    return function.emitError() << "cannot evaluate a function without a body";
  FunctionType signature = function.getFunctionType();
  auto argType = signature.getNumInputs() == 1
                     ? dyn_cast<RankedTensorType>(signature.getInput(0))
                     : RankedTensorType();
  if (!argType || !argType.getElementType().isF32() || !argType.hasStaticShape() ||
      signature.getNumResults() == 0)
    return function.emitError() << "the reference evaluator expects one static "
                                   "f32 tensor argument and results, got "
                                << signature;
  if (ArrayRef<int64_t>(input.shape) != argType.getShape() ||
      int64_t(input.data.size()) != input.numElements())
    return function.emitError() << "input of shape " << formatShape(input.shape)
                                << " does not match the argument type " << argType;

  Interpreter interpreter(observer);
  Block &entry = function.getBody().front();
  interpreter.bind(entry.getArgument(0), input);
  return interpreter.runBlock(entry);
}

} // namespace mnv3
