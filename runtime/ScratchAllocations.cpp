//===- ScratchAllocations.cpp - every temporary buffer in the caller's arena ===//
//
// Halide puts a Func's storage on the stack (MemoryType::Stack, small Auto
// buffers) or on the heap through halide_malloc (Heap, large Auto buffers).
// Firmware has neither a heap nor a large stack, so after lowering, each
// such Allocate in a stage becomes a LetStmt binding the buffer's name to a
// fixed, 64-byte aligned offset into the stage's scratch region, which the
// caller owns and NAME_run passes to the stage as its user context.
//
// Offsets follow the nesting of the Allocate nodes, like a stack: siblings
// share bytes, nested buffers are stacked. A parallel loop's body (a closure
// function called through halide_do_par_for) runs once per iteration,
// possibly at the same time, so each iteration gets its own copy of the
// body's region, indexed by the loop variable.
//
// Register tiles stay as they are: small Auto allocations (the accumulator
// tiles of the 1x1 and depthwise kernels) are promoted to registers by LLVM,
// which a pointer into memory would prevent.
//
//===----------------------------------------------------------------------===//
#include "runtime/ScratchAllocations.h"

#include <map>
#include <optional>

using namespace Halide;
using namespace Halide::Internal;

namespace mnv3::runtime {
namespace {

constexpr int64_t kAlign = 64;
/// Auto allocations up to this size are register tiles or tiny scalars
/// (Halide keeps them on the stack and LLVM in registers); larger ones
/// would go to halide_malloc.
constexpr int64_t kRegisterTileBytes = 16 * 1024;
/// Explicit stack buffers up to this size (loop bookkeeping scalars of
/// folded storage) stay in the frame.
constexpr int64_t kSmallStackBytes = 256;

int64_t alignUp(int64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

Expr offsetPointer(Expr base, Expr bytes) {
  Expr address =
      Call::make(UInt(64), Call::reinterpret, {base}, Call::PureIntrinsic);
  return Call::make(Handle(), Call::reinterpret,
                    {address + cast(UInt(64), bytes)}, Call::PureIntrinsic);
}

/// The closure function and loop bounds of a halide_do_par_for call.
struct ParallelCall {
  std::string closure;
  Expr min, extent;
};

/// The name of the function an expression points to ("::f" in Halide 14).
class FindFunctionName : public IRVisitor {
public:
  std::string name;

private:
  using IRVisitor::visit;
  void visit(const Variable *v) override {
    if (name.empty())
      name = v->name;
  }
};

std::optional<ParallelCall> asParallelCall(const Call *call) {
  // halide_do_par_for(closure function, min, extent, closure data); the
  // user context is added by the code generator.
  if (call->name != "halide_do_par_for" || call->args.size() != 4)
    return std::nullopt;
  FindFunctionName finder;
  call->args[0].accept(&finder);
  std::string fn = finder.name;
  while (!fn.empty() && fn[0] == ':')
    fn.erase(0, 1);
  if (fn.empty())
    return std::nullopt;
  return ParallelCall{fn, call->args[1], call->args[2]};
}

/// Renames a buffer in the body of its allocation. Each moved buffer gets a
/// name of its own: Halide reuses names for sibling allocations (loop
/// partitioning copies a loop body), which LLVM scopes but the C backend
/// would declare twice in one C block.
class RenameBuffer : public IRMutator {
public:
  RenameBuffer(std::string from, std::string to)
      : from(std::move(from)), to(std::move(to)) {}

private:
  std::string from, to;
  using IRMutator::visit;
  Expr visit(const Load *op) override {
    Expr index = mutate(op->index), predicate = mutate(op->predicate);
    return Load::make(op->type, op->name == from ? to : op->name, index,
                      op->image, op->param, predicate, op->alignment);
  }
  Stmt visit(const Store *op) override {
    Expr value = mutate(op->value), index = mutate(op->index),
         predicate = mutate(op->predicate);
    return Store::make(op->name == from ? to : op->name, value, index,
                       op->param, predicate, op->alignment);
  }
  Expr visit(const Variable *op) override {
    if (op->name == from)
      return Variable::make(op->type, to, op->image, op->param,
                            op->reduction_domain);
    return op;
  }
  Stmt visit(const Free *op) override {
    return op->name == from ? Free::make(to) : Stmt(op);
  }
};

class MoveToScratch : public IRMutator {
public:
  /// `base`: where this function's region starts; `closurePeaks`: bytes per
  /// iteration of every closure function already rewritten.
  MoveToScratch(Expr base, const std::map<std::string, int64_t> &closurePeaks)
      : base(std::move(base)), closurePeaks(closurePeaks) {}

  int64_t peak = 0;
  std::vector<std::string> problems;
  /// Closure functions this function calls, with the offset each one's
  /// copies start at (relative to this function's region).
  std::map<std::string, ParallelCall> calls;
  std::map<std::string, int64_t> callOffsets;

private:
  Expr base;
  const std::map<std::string, int64_t> &closurePeaks;
  int64_t top = 0;
  int renamed = 0;

  bool shouldMove(const Allocate *op, int64_t bytes) const {
    if (op->memory_type == MemoryType::Heap)
      return true;
    if (op->memory_type == MemoryType::Stack)
      return bytes > kSmallStackBytes;
    if (op->memory_type == MemoryType::Auto)
      return bytes > kRegisterTileBytes;
    return false;
  }

  using IRMutator::visit;

  Stmt visit(const Allocate *op) override {
    int64_t elements = op->constant_allocation_size();
    int64_t bytes = elements * op->type.bytes();
    if (elements <= 0) {
      problems.push_back("buffer '" + op->name + "' has no constant size");
      return IRMutator::visit(op);
    }
    if (!shouldMove(op, bytes))
      return IRMutator::visit(op);
    int64_t offset = top;
    top += alignUp(bytes);
    peak = std::max(peak, top);
    std::string name = op->name + ".scratch" + std::to_string(renamed++);
    Stmt body = mutate(RenameBuffer(op->name, name).mutate(op->body));
    top = offset;
    return LetStmt::make(name, offsetPointer(base, Expr(offset)), body);
  }

  Stmt visit(const Free *op) override {
    // Frees of moved buffers carry their new name; nothing to free.
    if (op->name.find(".scratch") != std::string::npos)
      return Evaluate::make(0);
    return op;
  }

  Expr visit(const Call *op) override {
    if (std::optional<ParallelCall> par = asParallelCall(op)) {
      auto peakIt = closurePeaks.find(par->closure);
      if (peakIt == closurePeaks.end()) {
        problems.push_back("parallel loop body '" + par->closure +
                           "' was not found");
      } else if (peakIt->second > 0) {
        const int64_t *extent = as_const_int(par->extent);
        if (!extent) {
          problems.push_back("parallel loop '" + par->closure +
                             "' has no constant extent");
        } else {
          calls[par->closure] = *par;
          callOffsets[par->closure] = top;
          peak = std::max(peak, top + *extent * peakIt->second);
        }
      }
    } else if (op->name == "halide_do_parallel_tasks") {
      problems.push_back("parallel tasks are not supported");
    }
    return IRMutator::visit(op);
  }
};

bool isClosureOf(const LoweredFunc &f) {
  return f.name.find("_par_for_") != std::string::npos;
}

} // namespace

ScratchPlan moveAllocationsToScratch(Module &module) {
  ScratchPlan plan;
  Expr context = Variable::make(Handle(), "__user_context");
  std::map<std::string, int64_t> closurePeaks;
  std::map<std::string, Stmt> closureBodies;
  // Closures first: their per-iteration size decides their caller's region.
  for (LoweredFunc &f : module.functions()) {
    if (!isClosureOf(f))
      continue;
    // Rewritten relative to a per-iteration base, bound below once the
    // caller's offset and the loop variable are known.
    MoveToScratch mover(Variable::make(Handle(), "mnv3.iteration_scratch"),
                        closurePeaks);
    closureBodies[f.name] = mover.mutate(f.body);
    closurePeaks[f.name] = mover.peak;
    for (const std::string &p : mover.problems)
      plan.problems.push_back(f.name + ": " + p);
    if (!mover.calls.empty())
      plan.problems.push_back(f.name + ": nested parallel loops");
  }
  for (LoweredFunc &f : module.functions()) {
    if (isClosureOf(f))
      continue;
    MoveToScratch mover(context, closurePeaks);
    f.body = mover.mutate(f.body);
    for (const std::string &p : mover.problems)
      plan.problems.push_back(f.name + ": " + p);
    plan.bytes = std::max(plan.bytes, (size_t)mover.peak);
    for (auto &[name, call] : mover.calls) {
      // The closure's second argument is the loop index.
      for (LoweredFunc &closure : module.functions()) {
        if (closure.name != name || closure.args.size() < 2)
          continue;
        Expr index = Variable::make(Int(32), closure.args[1].name);
        Expr bytes = Expr(mover.callOffsets[name]) +
                     cast(Int(64), index - call.min) * Expr(closurePeaks[name]);
        closure.body = LetStmt::make("mnv3.iteration_scratch",
                                     offsetPointer(context, bytes),
                                     closureBodies[name]);
        closureBodies.erase(name);
      }
    }
  }
  for (auto &[name, body] : closureBodies) {
    // A closure nobody calls: keep it consistent anyway.
    for (LoweredFunc &closure : module.functions())
      if (closure.name == name)
        closure.body = LetStmt::make("mnv3.iteration_scratch", context, body);
  }
  return plan;
}

} // namespace mnv3::runtime
