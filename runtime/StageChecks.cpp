//===- StageChecks.cpp - drop Halide's argument checks from stages --------===//
#include "runtime/StageChecks.h"

using namespace Halide;
using namespace Halide::Internal;

namespace mnv3::runtime {
namespace {

/// Whether an expression reports through a halide_error_* function of the
/// runtime.
class FindHalideError : public IRVisitor {
public:
  bool found = false;

private:
  using IRVisitor::visit;
  void visit(const Call *call) override {
    found |= call->name.rfind("halide_error", 0) == 0;
    IRVisitor::visit(call);
  }
};

bool callsHalideError(const Expr &e) {
  FindHalideError finder;
  e.accept(&finder);
  return finder.found;
}

/// Removes the checks that would report through Halide's runtime. Other
/// assertions stay: the one after a parallel loop returns the loop's result
/// (and keeps the loop's call alive).
class RemoveChecks : public IRMutator {
  using IRMutator::visit;
  Stmt visit(const AssertStmt *op) override {
    if (callsHalideError(op->message))
      return Evaluate::make(0);
    return op;
  }
};

} // namespace

void removeStageChecks(Module &module) {
  for (LoweredFunc &f : module.functions())
    f.body = RemoveChecks().mutate(f.body);
}

} // namespace mnv3::runtime
