//===- Wrapper.cpp - NAME_run as hand-made Halide IR ----------------------===//
//
// The entry point is built as Halide LoweredFuncs appended to the linked
// Module instead of C source: every emit kind (.a, .o, .s, .cpp) then
// contains it, and no C compiler is needed at compile time, so cross
// compiling needs no target toolchain.
//
//   static int NAME_run_arena(in, out, arena):
//     for each stage: r = stage(buffers at arena offsets); if r: return r
//   int NAME_run(in, out, scratch):
//     scratch ? NAME_run_arena(in, out, scratch)
//             : { p = halide_malloc(bytes+64); align p to 64;
//                 r = NAME_run_arena(in, out, p); halide_free(p); return r }
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;
using namespace Halide::Internal;

namespace mnv3::codegen {
namespace {

Expr addBytes(Expr ptr, uint64_t bytes) {
  if (!bytes)
    return ptr;
  Expr u = Call::make(UInt(64), Call::reinterpret, {ptr}, Call::PureIntrinsic);
  return Call::make(Handle(), Call::reinterpret,
                    {u + make_const(UInt(64), bytes)}, Call::PureIntrinsic);
}

Expr alignTo64(Expr ptr) {
  Expr u = Call::make(UInt(64), Call::reinterpret, {ptr}, Call::PureIntrinsic);
  u = (u + make_const(UInt(64), 63)) & make_const(UInt(64), ~(uint64_t)63);
  return Call::make(Handle(), Call::reinterpret, {u}, Call::PureIntrinsic);
}

// A halide_buffer_t on the stack describing tensor `t`.
Expr makeBuffer(const Tensor &t, Expr host) {
  BufferBuilder b;
  int dims = (int)t.desc.extent.size();
  b.buffer_memory =
      Call::make(type_of<struct halide_buffer_t *>(), Call::alloca,
                 {(int)sizeof(halide_buffer_t)}, Call::Intrinsic);
  b.shape_memory =
      Call::make(type_of<struct halide_dimension_t *>(), Call::alloca,
                 {(int)(dims * sizeof(halide_dimension_t))}, Call::Intrinsic);
  b.host = host;
  b.type = Float(32);
  b.dimensions = dims;
  for (int i = 0; i < dims; i++) {
    b.mins.push_back(0);
    b.extents.push_back(t.desc.extent[i]);
    b.strides.push_back(t.desc.stride[i]);
  }
  return b.build();
}

LoweredArgument handleArg(const std::string &name) {
  return LoweredArgument(
      Argument(name, Argument::InputScalar, Handle(), 0, ArgumentEstimates()));
}

} // namespace

LoweredFunc buildRunArena(const LowerCtx &ctx) {
  Expr in = Variable::make(Handle(), "input");
  Expr out = Variable::make(Handle(), "output");
  Expr arena = Variable::make(Handle(), "arena");
  std::vector<Stmt> body;
  if (ctx.sched.threads > 1)
    body.push_back(Evaluate::make(Call::make(
        Int(32), "halide_set_num_threads", {ctx.sched.threads}, Call::Extern)));
  for (size_t i = 0; i < ctx.stages.size(); i++) {
    const PipeStage &st = ctx.stages[i];
    std::vector<Expr> args;
    for (int id : st.args) {
      const Tensor &t = ctx.tensors[id];
      Expr host = t.loc == Loc::NetInput    ? in
                  : t.loc == Loc::NetOutput ? out
                                            : addBytes(arena, t.offset);
      args.push_back(makeBuffer(t, host));
    }
    std::string r = "r" + std::to_string(i);
    Expr rv = Variable::make(Int(32), r);
    // Propagate the stage's Halide error code as NAME_run's result.
    body.push_back(
        LetStmt::make(r, Call::make(Int(32), st.function, args, Call::Extern),
                      AssertStmt::make(rv == 0, rv)));
  }
  return LoweredFunc(ctx.prefix + "_run_arena",
                     std::vector<LoweredArgument>{handleArg("input"),
                                                  handleArg("output"),
                                                  handleArg("arena")},
                     Block::make(body), LinkageType::Internal, NameMangling::C);
}

LoweredFunc buildRunWrapper(const LowerCtx &ctx, size_t scratchBytes) {
  Expr in = Variable::make(Handle(), "input");
  Expr out = Variable::make(Handle(), "output");
  Expr scratch = Variable::make(Handle(), "scratch");
  std::string arenaFn = ctx.prefix + "_run_arena";
  Expr rv = Variable::make(Int(32), "result");

  Stmt given = LetStmt::make(
      "result", Call::make(Int(32), arenaFn, {in, out, scratch}, Call::Extern),
      AssertStmt::make(rv == 0, rv));

  Expr owned = Variable::make(Handle(), "owned");
  Stmt useOwned = LetStmt::make(
      "result",
      Call::make(Int(32), arenaFn, {in, out, alignTo64(owned)}, Call::Extern),
      Block::make(Free::make("owned"), AssertStmt::make(rv == 0, rv)));
  Stmt alloc = Allocate::make("owned", UInt(8), MemoryType::Heap,
                              {make_const(Int(32), (int)scratchBytes + 64)},
                              const_true(), useOwned);

  Expr u =
      Call::make(UInt(64), Call::reinterpret, {scratch}, Call::PureIntrinsic);
  Stmt body = IfThenElse::make(u != make_const(UInt(64), 0), given, alloc);
  return LoweredFunc(ctx.prefix + "_run",
                     std::vector<LoweredArgument>{handleArg("input"),
                                                  handleArg("output"),
                                                  handleArg("scratch")},
                     body, LinkageType::External, NameMangling::C);
}

} // namespace mnv3::codegen
