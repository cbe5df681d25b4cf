//===- Classifier.cpp - global average pool and fully connected layers ----===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

void lowerPool(LowerCtx &ctx, int in, int out) {
  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc;
  std::string fn = ctx.stageName("");
  ImageParam ip = makeInput(id, "input");
  int V = vecDividing(id.C(), ctx.sched.vec);
  // The sum lives in a small stack Func: an output Func whose update reads
  // itself is assumed 64-byte aligned by Halide 14's codegen (vmovaps on
  // a caller pointer that may not be).
  Func sum = namedFunc("pool_sum"), f = namedFunc("avgpool");
  RDom r(0, id.W(), 0, id.H(), "r");
  sum(v.c) = 0.f;
  sum(v.c) += ip(v.c, r.x, r.y);
  f(v.c) = sum(v.c) * (1.f / (id.W() * id.H()));
  f.vectorize(v.c, V);
  sum.compute_root().store_in(MemoryType::Stack).vectorize(v.c, V);
  sum.update().reorder(v.c, r.x, r.y).vectorize(v.c, V);
  ctx.addStage(fn, "avgpool", {ip}, {in}, {f}, {out},
               (double)id.C() * id.W() * id.H());
}

// A GEMV: out(o) = act(b(o) + sum_i W(o, i) in(i)), vectorised over o with
// several accumulator vectors; weights (o, i) with o innermost.
void lowerLinear(LowerCtx &ctx, const Linear &l, int in, int out) {
  Vars v;
  std::string fn = ctx.stageName("");
  ImageParam ip = makeInput(ctx.tensors[in].desc, "input");
  Buffer<float> wb = constMatrixT(l.weights, l.out, l.in, fn + "_w");
  Buffer<float> bb = constVector(l.bias, fn + "_b");
  Func acc = namedFunc("fc_acc"), f = namedFunc("fc");
  RDom r(0, l.in, "r");
  acc(v.c) = bb(v.c);
  acc(v.c) += wb(v.c, r) * ip(r);
  f(v.c) = activate(acc(v.c), l.act);

  int V = vecFor(l.out, ctx.sched.vec);
  int vecs = std::max(1, std::min(ctx.sched.pwVecs, l.out / V));
  Var co("co"), ci("ci");
  f.split(v.c, co, ci, V * vecs, TailStrategy::ShiftInwards)
      .vectorize(ci, V)
      .unroll(ci);
  acc.compute_at(f, co).vectorize(v.c, V).unroll(v.c);
  acc.update().reorder(v.c, r.x).vectorize(v.c, V).unroll(v.c);
  ctx.addStage(fn, "linear", {ip}, {in}, {f}, {out}, (double)l.in * l.out);
}

} // namespace mnv3::codegen
