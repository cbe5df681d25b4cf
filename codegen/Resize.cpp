//===- Resize.cpp - bilinear resize, PyTorch's align_corners=False --------===//
//
// Each output coordinate o samples source max((o + 0.5) * in / out - 0.5, 0)
// (computed in float, as PyTorch's CPU kernel does) and blends the two
// neighbouring pixels; the second is the first again at the last row or
// column. Every tap is recomputed inline: a handful of vector instructions
// per output, and no tables that would need scratch.
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

} // namespace

void lowerResizeBilinear(LowerCtx &ctx, int in, int out) {
  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  ImageParam ip = makeInput(id, "input");
  Taps tx = bilinearTaps(v.x, id.W(), od.W()), ty = bilinearTaps(v.y, id.H(), od.H());
  auto row = [&](Expr y) {
    return (1.f - tx.weight) * ip(v.c, tx.first, y) +
           tx.weight * ip(v.c, tx.second, y);
  };
  Func f = namedFunc("resize_bilinear");
  f(v.c, v.x, v.y) =
      (1.f - ty.weight) * row(ty.first) + ty.weight * row(ty.second);
  scheduleElementwise(f, od, ctx.sched);
  ctx.addStage(ctx.stageName(""), "resize-bilinear", {ip}, {in}, {f}, {out},
               4.0 * od.elements());
}

} // namespace mnv3::codegen
