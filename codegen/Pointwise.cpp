//===- Pointwise.cpp - register-blocked 1x1 convolution -------------------===//
//
// out(c, x, y) = act(b(c) + sum_r W(c, r) * in(r, x, y)) [+ res(c, x, y)]
// A tile of (vecs x vec) output channels by px pixels is accumulated in
// registers (sizes: docs/design.md §5); per reduction step the input
// value of each pixel is broadcast and one weight vector per channel vector
// is streamed from the (co, ci) weight matrix, co innermost.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

PwKernel definePointwise(LowerCtx &ctx, const std::string &bufName,
                         const std::string &funcName, Func src,
                         const Conv &conv, int W) {
  Vars v;
  const Sched &s = ctx.sched;
  PwKernel k;
  int Cout = conv.outChannels, Cin = conv.inChannels;
  k.C = Cout;
  k.vec = vecFor(Cout, s.vec);
  bool laneSteps = s.lanePwPx > 0 && Cin % 4 == 0 && k.vec == 4;
  if (laneSteps)
    k.vecs = 1, k.px = chooseLanePixels(W, s.lanePwPx);
  else
    std::tie(k.vecs, k.px) = chooseTile(Cout, W, k.vec, s.pwVecs, s.pwPx);
  k.T = k.vec * k.vecs;
  int tiles = (Cout + k.T - 1) / k.T;
  Buffer<float> wp(k.T, Cin, tiles, bufName + "_w");
  Buffer<float> bp(k.T, tiles, bufName + "_b");
  wp.fill(0.f);
  bp.fill(0.f);
  for (int o = 0; o < Cout; o++) {
    bp(o % k.T, o / k.T) = conv.bias[o];
    for (int i = 0; i < Cin; i++)
      wp(o % k.T, i, o / k.T) = conv.weights[(size_t)o * Cin + i];
  }
  Var oi("oi"), kt("k");
  Func w = ctx.weights(wp), b = ctx.weights(bp);
  k.src = src;
  k.acc = namedFunc(funcName);
  k.acc(oi, kt, v.x, v.y) = b(oi, kt);
  if (laneSteps) {
    k.stepsPerR = 4;
    k.r = RDom(0, Cin / 4, "r");
    std::vector<Expr> ws, ins;
    for (int j = 0; j < 4; j++) {
      ws.push_back(w(oi, 4 * k.r + j, kt));
      ins.push_back(src(4 * k.r + j, v.x, v.y));
    }
    k.acc(oi, kt, v.x, v.y) =
        multiplyAdd4(ws, ins, k.acc(oi, kt, v.x, v.y));
    return k;
  }
  k.r = RDom(0, Cin, "r");
  k.acc(oi, kt, v.x, v.y) = multiplyAdd(s, w(oi, k.r, kt), src(k.r, v.x, v.y),
                                        k.acc(oi, kt, v.x, v.y));
  return k;
}

void schedulePointwise(Func out, PwKernel &k, const Sched &s, const TileVars &t,
                       bool outerCo, TailStrategy channelTail) {
  Vars v;
  out.split(v.c, t.co, t.ci, k.T, channelTail)
      .split(v.x, t.xo, t.xi, k.px, TailStrategy::ShiftInwards);
  if (outerCo)
    out.reorder(t.ci, t.xi, t.xo, t.co, v.y);
  else
    out.reorder(t.ci, t.xi, t.co, t.xo, v.y);
  out.vectorize(t.ci, k.vec).unroll(t.ci).unroll(t.xi);
  Func acc = k.acc;
  Var oi = acc.args()[0], kt = acc.args()[1];
  acc.compute_at(out, outerCo ? t.xo : t.co)
      .bound_extent(oi, k.T)
      .vectorize(oi, k.vec)
      .unroll(oi)
      .unroll(v.x);
  // Reduction outermost inside the tile: every step broadcasts one input
  // value per pixel and streams one weight vector per channel vector.
  if (k.stepsPerR == 4) {
    // multiplyAdd4: each pixel's 4 input channels are loaded as one vector
    // and the call multiplies by its lanes.
    acc.update()
        .reorder(oi, v.x, k.r.x, kt, v.y)
        .vectorize(oi, k.vec)
        .unroll(oi)
        .unroll(v.x);
    Func inputs = k.src.in(acc);
    inputs.compute_at(acc, k.r.x)
        .vectorize(inputs.args()[0], 4)
        .unroll(inputs.args()[1]);
    return;
  }
  int Cin = k.r.x.extent().as<Internal::IntImm>()->value;
  if (s.laneInputs && Cin % 4 == 0) {
    // Four reduction steps at a time: each pixel's 4 input channels are
    // loaded as one vector (a small Func in registers) and multiplied by
    // lane, so loads per step drop from vecs + px to vecs + px / 4.
    RVar ro("ro"), ri("ri");
    acc.update()
        .split(k.r.x, ro, ri, 4)
        .reorder(oi, v.x, ri, ro, kt, v.y)
        .vectorize(oi, k.vec)
        .unroll(oi)
        .unroll(v.x)
        .unroll(ri);
    Func inputs = k.src.in(acc);
    inputs.compute_at(acc, ro)
        .vectorize(inputs.args()[0], 4)
        .unroll(inputs.args()[1]);
    return;
  }
  acc.update()
      .reorder(oi, v.x, k.r.x, kt, v.y)
      .vectorize(oi, k.vec)
      .unroll(oi)
      .unroll(v.x);
}

void lowerPointwise(LowerCtx &ctx, const Conv &conv, int in, int out,
                    int residual, int gateTensor) {
  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  std::string fn = ctx.stageName(gateTensor >= 0 ? "project" : "");
  int Cin = conv.inChannels, Cout = conv.outChannels;

  std::vector<ImageParam> params = {makeInput(id, "input")};
  std::vector<int> inputs = {in};
  Func src = namedFunc("source");
  if (gateTensor >= 0) {
    // SE-gated projection: scale the input channels by the gate once per
    // pixel tile (reused by every output-channel tile of that tile).
    params.push_back(makeInput(ctx.tensors[gateTensor].desc, "gate"));
    inputs.push_back(gateTensor);
    src(v.c, v.x, v.y) = params[0](v.c, v.x, v.y) * params.back()(v.c);
  } else {
    src(v.c, v.x, v.y) = params[0](v.c, v.x, v.y);
  }
  if (residual >= 0) {
    params.push_back(makeInput(ctx.tensors[residual].desc, "residual"));
    inputs.push_back(residual);
  }

  const Sched &s = ctx.sched;
  PwKernel k = definePointwise(ctx, fn, "acc", src, conv, od.W());
  Func f = namedFunc("pointwise");
  Expr e = activate(k.at(v.c, v.x, v.y), conv.act);
  if (residual >= 0)
    e = e + params.back()(v.c, v.x, v.y);
  f(v.c, v.x, v.y) = e;

  TileVars t;
  // Few pixels, many weights (7x7 head): keep a weight tile hot across all
  // pixels by iterating pixels inside channel tiles.
  bool outerCo =
      gateTensor < 0 && (size_t)id.W() * id.H() * Cin * 4 <= 64 * 1024;
  schedulePointwise(f, k, s, t, outerCo);
  if (gateTensor >= 0)
    src.compute_at(f, t.xo)
        .store_in(MemoryType::Stack)
        .vectorize(v.c, vecDividing(Cin, s.vec));
  // Threads split rows, or channel tiles where a small map's rows divide
  // worse among them (7 rows on 2 threads keep one idle an eighth).
  int tiles = (Cout + k.T - 1) / k.T;
  if (s.threads > 1 &&
      threadBalance(tiles, s.threads) > threadBalance(od.H(), s.threads)) {
    std::vector<VarOrRVar> outer = {v.y};
    if (!outerCo)
      outer.insert(outer.begin(), t.xo);
    parallelChannelTiles(f, t, (tiles + s.threads - 1) / s.threads, outer,
                         TailStrategy::GuardWithIf);
  } else if (s.threads > 1) {
    f.parallel(v.y);
  }
  ctx.addStage(fn, gateTensor >= 0 ? "conv1x1.gated" : "conv1x1", params,
               inputs, {f}, {out}, (double)Cin * Cout * od.W() * od.H());
}

} // namespace mnv3::codegen
