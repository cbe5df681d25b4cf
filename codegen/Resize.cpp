//===- Resize.cpp - bilinear resize, PyTorch's align_corners=False --------===//
//
// Output coordinate o samples source max((o + 0.5) * in / out - 0.5, 0)
// (in float, as PyTorch's CPU kernel computes it) and blends the two
// neighbouring pixels; the second is the first again at the last row or
// column. Taps are recomputed inline: no tables that would need scratch.
//
// Into the arena (channels innermost) every output pixel is one vector
// blend of four contiguous channel vectors. Into an NCHW output (LR-ASPP's
// final upsample, 2/3 of its output bytes) x must be the vector dimension,
// and a per-lane source column would be a gather: each output row first
// blends its two source rows once, and when the width grows by an integer
// factor s, output column s*q + p reads source columns q-1, q (p < s/2) or
// q, q+1 with weights that depend on p alone, so a vector of p reads three
// scalars of the blended row.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {
namespace {

/// One axis: the two source indices and the second one's weight.
struct Taps {
  Expr first, second, weight;
};

Taps bilinearTaps(Expr o, int in, int out) {
  float scale = (float)in / (float)out;
  Expr source = max(scale * (cast<float>(o) + 0.5f) - 0.5f, 0.f);
  // source >= 0, so truncation is floor; the clamp lets bounds inference
  // see that every read stays inside the input.
  Expr first = clamp(cast<int>(source), 0, in - 1);
  return {first, min(first + 1, in - 1), source - cast<float>(first)};
}

Expr blend(Expr a, Expr b, Expr weight) { return (1.f - weight) * a + weight * b; }

/// Width grown by the integer factor s: output column s*q + p.
Expr widenByFactor(Func row, Expr c, Expr q, Expr p, int in, int s, Expr y) {
  Expr frac = (cast<float>(p) + 0.5f) * (1.f / s) - 0.5f; // in (-0.5, 0.5)
  Expr before = row(c, max(q - 1, 0), y), at = row(c, q, y),
       after = row(c, min(q + 1, in - 1), y);
  // Left of pixel q's centre: between q-1 and q (at q = 0 both are pixel 0,
  // PyTorch's clamp of the source to 0).
  return select(frac < 0.f, blend(before, at, frac + 1.f), blend(at, after, frac));
}

} // namespace

void lowerResizeBilinear(LowerCtx &ctx, int in, int out) {
  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  ImageParam ip = makeInput(id, "input");
  Taps tx = bilinearTaps(v.x, id.W(), od.W()), ty = bilinearTaps(v.y, id.H(), od.H());
  Func f = namedFunc("resize_bilinear");
  std::string fn = ctx.stageName("");
  double work = 4.0 * od.elements();
  if (od.stride[0] == 1) {
    auto row = [&](Expr y) { return blend(ip(v.c, tx.first, y), ip(v.c, tx.second, y), tx.weight); };
    f(v.c, v.x, v.y) = blend(row(ty.first), row(ty.second), ty.weight);
    scheduleElementwise(f, od, ctx.sched);
    ctx.addStage(fn, "resize-bilinear", {ip}, {in}, {f}, {out}, work);
    return;
  }
  Var xi("xi"), xo("xo");
  Func rows = namedFunc("resize_rows"); // the two source rows, blended
  rows(v.c, v.x, v.y) =
      blend(ip(v.c, v.x, ty.first), ip(v.c, v.x, ty.second), ty.weight);
  int factor = od.W() % id.W() == 0 ? od.W() / id.W() : 0;
  if (factor > 1) {
    f(v.c, v.x, v.y) =
        widenByFactor(rows, v.c, v.x / factor, v.x % factor, id.W(), factor, v.y);
    f.split(v.x, xo, xi, factor, TailStrategy::RoundUp)
        .reorder(xi, xo, v.c, v.y)
        .vectorize(xi, vecDividing(factor, ctx.sched.vec));
  } else {
    f(v.c, v.x, v.y) = blend(rows(v.c, tx.first, v.y), rows(v.c, tx.second, v.y), tx.weight);
    f.reorder(v.x, v.c, v.y)
        .vectorize(v.x, vecFor(od.W(), ctx.sched.vec), TailStrategy::ShiftInwards);
  }
  rows.compute_at(f, v.y).vectorize(v.c, vecFor(id.C(), ctx.sched.vec),
                                    TailStrategy::ShiftInwards);
  if (ctx.sched.threads > 1 && od.H() > 1)
    f.parallel(v.y);
  ctx.addStage(fn, "resize-bilinear", {ip}, {in}, {f}, {out}, work);
}

} // namespace mnv3::codegen
