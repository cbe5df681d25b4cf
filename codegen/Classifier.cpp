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

// A GEMV: out(o) = act(b(o) + sum_i W(o, i) in(i)). The weights are read
// once per call and are the whole cost (MobileNetV3-Large: 2 x 5 MB, cold
// in cache), so they are pre-packed tile by tile, [o / T][i][o % T], and
// every tile streams one contiguous block (o-innermost rows were 5 KB apart,
// which the prefetchers followed poorly). T output channels are accumulated
// in registers; the last, partial tile reads zero padding and its stores
// are guarded.
void lowerLinear(LowerCtx &ctx, const Linear &l, int in, int out) {
  Vars v;
  std::string fn = ctx.stageName("");
  ImageParam ip = makeInput(ctx.tensors[in].desc, "input");
  int V = vecFor(l.out, ctx.sched.vec);
  int vecs = std::max(1, std::min(ctx.sched.pwVecs, l.out / V));
  int T = V * vecs, tiles = (l.out + T - 1) / T;
  Buffer<float> wp(T, l.in, tiles, fn + "_w");
  Buffer<float> bp(T, tiles, fn + "_b");
  wp.fill(0.f);
  bp.fill(0.f);
  for (int o = 0; o < l.out; o++) {
    bp(o % T, o / T) = l.bias[o];
    for (int i = 0; i < l.in; i++)
      wp(o % T, i, o / T) = l.weights[(size_t)o * l.in + i];
  }
  Func acc = namedFunc("fc_acc"), f = namedFunc("fc");
  Func w = ctx.weights(wp), b = ctx.weights(bp);
  RDom r(0, l.in, "r");
  Var oi("oi"), k("k");
  acc(oi, k) = b(oi, k);
  acc(oi, k) = multiplyAdd(ctx.sched, w(oi, r, k), ip(r), acc(oi, k));
  f(v.c) = activate(acc(v.c % T, v.c / T), l.act);

  Var co("co"), ci("ci");
  f.split(v.c, co, ci, T, TailStrategy::GuardWithIf).vectorize(ci, V);
  acc.compute_at(f, co).bound_extent(oi, T).vectorize(oi, V).unroll(oi);
  acc.update().reorder(oi, r.x, k).vectorize(oi, V).unroll(oi);
  // Memory bound: threads stream separate slices of the weights.
  if (ctx.sched.threads > 1)
    f.parallel(co);
  ctx.addStage(fn, "linear", {ip}, {in}, {f}, {out}, (double)l.in * l.out);
}

} // namespace mnv3::codegen
