//===- SqueezeExcite.cpp - the SE gate vector -----------------------------===//
//
// gate(c) = gate_act(b2 + W2 * act(b1 + W1 * mean_xy(d)))(c); the gated
// projection consumes it (Pointwise.cpp).
// One small pipeline; every intermediate is a few KiB (in the scratch arena
// after lowering: runtime/ScratchAllocations.cpp). It is
// bound by reading the FC weights (2 x 0.9 MB at 960 channels), not by
// arithmetic: register-blocking the reductions measured no gain. A single
// vector width is used throughout (one that divides the channel counts, so
// the vectorised reductions need no tails).
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

void lowerSqueezeExcite(LowerCtx &ctx, const SqueezeExcite &se, int d,
                        int gateOut) {
  Vars v;
  const TensorDesc &dd = ctx.tensors[d].desc;
  std::string fn = ctx.stageName("se");
  int C = se.channels, S = se.squeeze;
  int V =
      std::min(vecDividing(C, ctx.sched.vec), vecDividing(S, ctx.sched.vec));
  ImageParam ip = makeInput(dd, "input");

  Func sum = namedFunc("pool_sum"), hid = namedFunc("se_hidden"),
       g = namedFunc("se_gate_acc"), gate = namedFunc("se_gate");
  RDom rxy(0, dd.W(), 0, dd.H(), "rxy");
  sum(v.c) = 0.f;
  sum(v.c) += ip(v.c, rxy.x, rxy.y);
  Expr pooled = sum(v.c) * (1.f / (dd.W() * dd.H()));

  Func w1 = ctx.weights(constMatrixT(se.w1, S, C, fn + "_w1")); // (j, c)
  Func b1 = ctx.weights(constVector(se.b1, fn + "_b1"));
  Func w2 = ctx.weights(constMatrixT(se.w2, C, S, fn + "_w2")); // (c, j)
  Func b2 = ctx.weights(constVector(se.b2, fn + "_b2"));
  Func pool = namedFunc("pooled");
  pool(v.c) = pooled;
  RDom rc(0, C, "rc"), rj(0, S, "rj");
  hid(v.c) = b1(v.c);
  hid(v.c) = multiplyAdd(ctx.sched, w1(v.c, rc), pool(rc), hid(v.c));
  Func hact = namedFunc("se_hidden_act");
  hact(v.c) = activate(hid(v.c), se.act);
  g(v.c) = b2(v.c);
  g(v.c) = multiplyAdd(ctx.sched, w2(v.c, rj), hact(rj), g(v.c));
  gate(v.c) = activate(g(v.c), se.gate);

  for (Func f : {sum, pool, hid, hact, g}) {
    f.compute_root().store_in(MemoryType::Stack).vectorize(v.c, V);
  }
  sum.update().reorder(v.c, rxy.x, rxy.y).vectorize(v.c, V);
  hid.update().reorder(v.c, rc.x).vectorize(v.c, V);
  g.update().reorder(v.c, rj.x).vectorize(v.c, V);
  gate.vectorize(v.c, V);

  double macs = (double)C * dd.W() * dd.H() + 2.0 * C * S;
  ctx.addStage(fn, "se", {ip}, {d}, {gate}, {gateOut}, macs);
}

} // namespace mnv3::codegen
