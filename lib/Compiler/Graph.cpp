//===- Graph.cpp - cost model and Graphviz view of a model ----------------===//

#include "mnv3c/Graph.h"

#include "dialects/MNV3Dialect.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mnv3;

namespace {
int64_t elementsOf(Value value) {
  return cast<ShapedType>(value.getType()).getNumElements();
}

std::string shapeText(Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(cast<ShapedType>(value.getType()).getShape(), os, "x");
  return os.str();
}

/// "1.23 M" style counts keep labels short.
std::string humanCount(int64_t count) {
  if (count >= 1000000)
    return llvm::formatv("{0:F2} M", count / 1e6).str();
  if (count >= 1000)
    return llvm::formatv("{0:F1} k", count / 1e3).str();
  return std::to_string(count);
}

StringRef actSuffix(Activation act) {
  return act == Activation::none ? "" : stringifyActivation(act);
}
} // namespace

OpCost mnv3::costOf(Operation *op) {
  OpCost cost;
  // Weights are the constant operands; nested ops add their own.
  for (Value operand : op->getOperands())
    if (operand.getDefiningOp<ConstantOp>())
      cost.params += elementsOf(operand);
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](Conv2DOp conv) {
        ArrayRef<int64_t> w = conv.getWeight().getType().getShape();
        cost.macs = elementsOf(conv.getOutput()) * w[1] * w[2] * w[3];
      })
      .Case([&](LinearOp linear) {
        cost.macs = elementsOf(linear.getOutput()) *
                    linear.getWeight().getType().getShape()[1];
      })
      .Case([&](SqueezeExciteOp se) {
        cost.macs = 2 * se.getSqueezeChannels() *
                    se.getInput().getType().getShape()[1];
      })
      .Case([&](BneckOp bneck) {
        bneck.getBody().walk([&](Operation *nested) {
          if (nested->getParentOp() != bneck.getOperation())
            return;
          OpCost inner = costOf(nested);
          cost.macs += inner.macs;
          cost.params += inner.params;
        });
      });
  return cost;
}

std::string mnv3::describeOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::string>(op)
      .Case([](Conv2DOp conv) {
        int64_t k = conv.getKernelSize();
        std::string text = conv.isDepthwise() ? "depthwise " : "conv2d ";
        text += llvm::formatv("{0}x{0}", k).str();
        if (conv.getStrides()[0] != 1)
          text += " s" + std::to_string(conv.getStrides()[0]);
        if (conv.getDilations()[0] != 1)
          text += " d" + std::to_string(conv.getDilations()[0]);
        if (!actSuffix(conv.getAct()).empty())
          text += " " + actSuffix(conv.getAct()).str();
        return text;
      })
      .Case([](LinearOp linear) {
        return ("linear " + actSuffix(linear.getAct())).str();
      })
      .Case([](SqueezeExciteOp se) {
        return llvm::formatv("se /{0} {1} {2}", se.getSqueezeChannels(),
                             stringifyActivation(se.getAct()),
                             stringifyActivation(se.getGate()))
            .str();
      })
      .Case([](BneckOp bneck) {
        Conv2DOp depthwise = bneck.getDepthwise();
        std::string text = llvm::formatv(
            "bneck k{0} x{1}", depthwise.getKernelSize(),
            depthwise.getOutput().getType().getShape()[1]);
        if (depthwise.getStrides()[0] != 1)
          text += " s" + std::to_string(depthwise.getStrides()[0]);
        if (depthwise.getDilations()[0] != 1)
          text += " d" + std::to_string(depthwise.getDilations()[0]);
        if (bneck.getSqueezeExcite())
          text += " se";
        text += " " + actSuffix(depthwise.getAct()).str();
        if (bneck.hasResidual())
          text += " +res";
        return text;
      })
      .Default([](Operation *other) {
        return other->getName().stripDialect().str();
      });
}

void mnv3::writeDot(func::FuncOp function, llvm::raw_ostream &os) {
  os << "digraph \"" << function.getName() << "\" {\n"
     << "  rankdir=TB;\n"
     << "  node [shape=box, style=rounded, fontname=\"monospace\", fontsize=10];\n";
  llvm::DenseMap<Value, std::string> nodeOf;
  // A model function (verifyModelFunction): one argument, mnv3 ops, and
  // the returned values (a backbone's are named). Edges follow def-use, so
  // a tensor read by a block and an output branches.
  Value input = function.getArgument(0);
  nodeOf[input] = "input";
  os << "  input [label=\"input\\n" << shapeText(input) << "\"];\n";
  int index = 0;
  OpCost total;
  for (Operation &op : function.getBody().front()) {
    if (isa<ConstantOp>(op))
      continue;
    if (isa<func::ReturnOp>(op)) {
      for (auto [i, value] : llvm::enumerate(op.getOperands())) {
        os << "  output" << i << " [label=\"" << getOutputName(function, i)
           << "\\n"
           << shapeText(value) << "\", shape=oval];\n";
        os << "  " << nodeOf.lookup(value) << " -> output" << i << ";\n";
      }
      os << "  label=\"" << function.getName() << ": "
         << humanCount(total.macs) << " MACs, " << humanCount(total.params)
         << " params in all\";\n";
      continue;
    }
    std::string node = "n" + std::to_string(index++);
    OpCost cost = costOf(&op);
    total.macs += cost.macs;
    total.params += cost.params;
    os << "  " << node << " [label=\"" << describeOp(&op) << "\\n"
       << shapeText(op.getResult(0));
    if (cost.macs || cost.params)
      os << "\\n" << humanCount(cost.macs) << " MACs, "
         << humanCount(cost.params) << " params";
    os << "\"];\n";
    for (Value operand : op.getOperands())
      if (auto it = nodeOf.find(operand); it != nodeOf.end())
        os << "  " << it->second << " -> " << node << ";\n";
    nodeOf[op.getResult(0)] = node;
  }
  os << "}\n";
}
