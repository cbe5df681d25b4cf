//===- Bneck.cpp - inverted residual blocks -------------------------------===//
//
// Without SE the whole block is ONE pipeline: per output row, the expand
// rows it needs are computed into a folded sliding-window buffer, one row of
// the depthwise output is computed, then the register-blocked projection
// (+ residual) consumes it from L1 (measured: docs/design.md §9).
//
// With SE the gate needs the pooled depthwise output of the whole image, so
// the block is split into three pipelines that communicate through the
// arena (no per-call malloc, no large stack buffers):
//   1. [expand ->] depthwise -> d                 (Depthwise.cpp)
//   2. pool(d) -> FC -> act -> FC -> gate(ci)       (SqueezeExcite.cpp)
//   3. project 1x1 of d * gate [+ input]             (Pointwise.cpp)
// Stage 3 scales each pixel tile of d by the gate once, in L1, and reuses
// it for every output-channel tile. (Folding the gate into a Cout x Cexp
// weight copy instead cost a 614 KiB write + read per call at 960 ch.)
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

void lowerBneck(LowerCtx &ctx, const Bneck &b, int in, int out) {
  const TensorDesc id = ctx.tensors[in].desc, od = ctx.tensors[out].desc;
  const Conv &dw = b.depthwise, &pj = b.project;
  int Cexp = dw.outChannels;
  if (b.se) {
    int d = ctx.newTensor(TensorDesc::chw(Cexp, od.W(), od.H()));
    int wg = ctx.newTensor(TensorDesc::vec(Cexp));
    lowerDepthwise(ctx, b.expand, dw, in, d);
    lowerSqueezeExcite(ctx, *b.se, d, wg);
    lowerPointwise(ctx, pj, d, out, b.residual ? in : -1, wg);
    return;
  }

  Vars v;
  std::string fn = ctx.stageName("");
  ImageParam ip = makeInput(id, "input");
  DwParts p = defineDepthwise(ctx, fn, ip, id, b.expand, dw, od.W());

  const Sched &s = ctx.sched;
  PwKernel pk = definePointwise(ctx, fn + "_p", "project_acc", p.d, pj, od.W());
  Func f = namedFunc("bneck");
  Expr e = activate(pk.at(v.c, v.x, v.y), pj.act);
  if (b.residual)
    e = e + ip(v.c, v.x, v.y);
  f(v.c, v.x, v.y) = e;

  TileVars t;
  schedulePointwise(f, pk, s, t, false);
  Var yo("yo"), yi("yi");
  scheduleDepthwise(p, f, s, LoopLevel(f, yo), LoopLevel(f, yi));
  splitRows(f, od.H(), p.window, s, yo, yi);

  double macs = p.expandMacs +
                (double)Cexp * dw.kernel * dw.kernel * od.W() * od.H() +
                (double)Cexp * pj.outChannels * od.W() * od.H();
  ctx.addStage(fn, "bneck", {ip}, {in}, {f}, {out}, macs);
}

} // namespace mnv3::codegen
