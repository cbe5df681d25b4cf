//===- Graph.h - cost model and Graphviz view of a model --------*- C++ -*-===//

#ifndef MNV3C_GRAPH_H
#define MNV3C_GRAPH_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mnv3 {

/// What an op costs: multiply-accumulates per inference and weights held.
struct OpCost {
  int64_t macs = 0;
  int64_t params = 0;
};

/// The cost of one op, including the ops nested in a bneck region.
OpCost costOf(mlir::Operation *op);

/// A one-line description of an op for people: "bneck k5 x72 se hardswish".
std::string describeOp(mlir::Operation *op);

/// Writes the model's top-level dataflow as a Graphviz digraph: one node
/// per op (weights folded into their users), labelled with the op, its
/// result shape, MACs and parameter count.
void writeDot(mlir::func::FuncOp function, llvm::raw_ostream &os);

} // namespace mnv3

#endif // MNV3C_GRAPH_H
