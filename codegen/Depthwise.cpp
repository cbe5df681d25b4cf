//===- Depthwise.cpp - [expand 1x1] -> depthwise kxk, row-streamed --------===//
//
// d(c, x, y) = act(b(c) + sum_{kx,ky} W(c, kx, ky) * e(c, x*s + kx*dil - p,
//                                                         y*s + ky*dil - p))
// e is either the layer input or the expand 1x1 conv of it. e is never
// materialised whole: it is computed row by row where d needs it and kept
// in a small folded (sliding-window) buffer of ~k rows, which
// runtime/ScratchAllocations.cpp places in the caller's scratch arena.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <numeric>

using namespace Halide;

namespace mnv3::codegen {

DwParts defineDepthwise(LowerCtx &ctx, const std::string &fn, Func input,
                        const TensorDesc &id, const std::optional<Conv> &expand,
                        const Conv &dw, int Wo) {
  Vars v;
  DwParts p;
  p.Win = id.W(), p.Hin = id.H(), p.Wo = Wo;
  p.C = dw.inChannels;
  Func e = input;
  if (expand) {
    const Conv &ex = *expand;
    p.ek = definePointwise(ctx, fn + "_e", "expand_acc", input, ex, p.Win);
    p.e = namedFunc("expand");
    p.e(v.c, v.x, v.y) = activate(p.ek.at(v.c, v.x, v.y), ex.act);
    e = p.e;
    p.expandMacs = (double)ex.inChannels * ex.outChannels * p.Win * p.Hin;
  }
  Func ep = zeroPad(e, p.Win, p.Hin, "padded");

  int k = dw.kernel;
  Buffer<float> wd(p.C, k, k, fn + "_wd");
  for (int c = 0; c < p.C; c++)
    for (int ky = 0; ky < k; ky++)
      for (int kx = 0; kx < k; kx++)
        wd(c, kx, ky) = dw.weights[((size_t)c * k + ky) * k + kx];
  Func bd = ctx.weights(constVector(dw.bias, fn + "_bd"));
  Func wdf = ctx.weights(wd);
  p.window = (k - 1) * dw.dilation + 1;
  p.stride = dw.stride;
  p.dilation = dw.dilation;
  p.rk = RDom(0, k, 0, k, "rk");
  p.dacc = namedFunc("dw_acc");
  p.d = namedFunc("depthwise");
  Expr sx = v.x * dw.stride + p.rk.x * dw.dilation - dw.padding;
  Expr sy = v.y * dw.stride + p.rk.y * dw.dilation - dw.padding;
  p.dacc(v.c, v.x, v.y) = bd(v.c);
  p.dacc(v.c, v.x, v.y) = multiplyAdd(ctx.sched, wdf(v.c, p.rk.x, p.rk.y),
                                      ep(v.c, sx, sy), p.dacc(v.c, v.x, v.y));
  p.d(v.c, v.x, v.y) = activate(p.dacc(v.c, v.x, v.y), dw.act);
  return p;
}

void scheduleDepthwise(DwParts &p, Func root, const Sched &s,
                       const LoopLevel &strip, const LoopLevel &row) {
  TileVars te;
  p.dTileChannels = scheduleTile(p.d, p.dacc, p.C, p.Wo, s.dwVecs, s.dwPx, s,
                                 p.dTile, false, {p.rk.x, p.rk.y});
  // Unroll the taps of one kernel row; unrolling all k*k taps spills.
  // Not when dilated: Halide 14 then miscompiles the zero-padding test of
  // the last, shifted-inwards pixel tile (k9 d4 on a 31- or 39-wide row
  // gave 0.2 relative error on AVX2/AVX-512; test/property/Inputs/
  // dilated-depthwise-width-31.json). Dilated layers are the small maps
  // of a dilated tail, where the loop costs little.
  if (p.dilation == 1)
    p.dacc.update().unroll(p.rk.x);
  if (p.d.name() != root.name())
    p.d.compute_at(row).store_in(MemoryType::Stack);
  if (p.e.defined()) {
    // RoundUp, not GuardWithIf: Halide 14 mis-places the guarded stores of
    // the last channel tile when the sliding window has a single row
    // (H = 1, channels not a multiple of the tile: a padded tile's store
    // landed on real channels). Rounding the folded storage up to whole
    // tiles costs no extra arithmetic: a guarded tile computes all its
    // lanes anyway.
    schedulePointwise(p.e, p.ek, s, te, false, TailStrategy::RoundUp);
    // Sliding window: rows of e are computed once, as the row loop first
    // needs them, into a buffer folded to a few rows (moved from the stack
    // into the scratch arena after lowering).
    p.e.store_at(strip).compute_at(row).store_in(MemoryType::Stack);
    // Halide does not fold automatically here (the zero-padding clamp hides
    // the constant window), which left a whole 72x56x56 tensor on the
    // stack: fold explicitly to the window (rows read per output row plus
    // the rows the next row advances), rounded to a power of two.
    int fold = 1;
    while (fold < p.window + p.stride - 1)
      fold *= 2;
    p.e.fold_storage(Vars().y, fold);
  }
  (void)root;
}

// Split the root's rows into strips, one per thread, each owning its
// sliding window. A strip restarts the window, recomputing window - stride
// rows of e, so small maps (7x7 with k5) stay serial: parallelism would
// cost more recomputation than it saves.
bool splitRows(Func root, int H, int window, const Sched &s, Var yo, Var yi) {
  Vars v;
  int strips = s.threads > 1 ? s.threads * s.stripsPerThread : 1;
  int rows = std::max(1, (H + strips - 1) / strips);
  bool parallel = strips > 1 && rows >= 2 * window;
  if (!parallel)
    rows = H;
  root.split(v.y, yo, yi, rows, TailStrategy::ShiftInwards);
  if (parallel)
    root.parallel(yo);
  return parallel;
}

// Too few rows for strips: the threads take chunks of channels instead,
// each with its own sliding window of e over its channels (depthwise
// channels are independent: nothing is computed twice). A chunk is whole
// tiles of d and of e (e's accumulators index the expand's packed weight
// tiles), and e is computed over the whole chunk so that its storage has
// one constant size. Kept serial when the chunks would leave a thread idle
// a quarter of the time.
void splitChannels(DwParts &p, const Sched &s, Var yo, Var yi) {
  int unit = p.e.defined() ? std::lcm(p.dTileChannels, p.ek.T)
                           : p.dTileChannels;
  int units = (p.C + unit - 1) / unit;
  int chunk = (units + s.threads - 1) / s.threads * unit;
  if ((double)p.C / (s.threads * chunk) < 0.75)
    return;
  parallelChannelTiles(p.d, p.dTile, chunk / p.dTileChannels,
                       {p.dTile.xo, yi, yo}, TailStrategy::GuardWithIf);
  if (p.e.defined())
    p.e.bound_extent(Vars().c, chunk);
}

void lowerDepthwise(LowerCtx &ctx, const std::optional<Conv> &expand,
                    const Conv &dw, int in, int out) {
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  std::string fn = ctx.stageName(expand ? "expand_dw" : "dw");
  ImageParam ip = makeInput(id, "input");
  DwParts p = defineDepthwise(ctx, fn, ip, id, expand, dw, od.W());
  Var yo("yo"), yi("yi");
  const Sched &s = ctx.sched;
  scheduleDepthwise(p, p.d, s, LoopLevel(p.d, yo), LoopLevel(p.d, yi));
  bool rowStrips = splitRows(p.d, od.H(), p.window, s, yo, yi);
  if (s.threads > 1 && !rowStrips)
    splitChannels(p, s, yo, yi);
  double macs =
      p.expandMacs + (double)p.C * dw.kernel * dw.kernel * od.W() * od.H();
  ctx.addStage(fn, expand ? "expand+dw" : "dw", {ip}, {in}, {p.d}, {out}, macs);
}

} // namespace mnv3::codegen
