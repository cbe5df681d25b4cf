//===- Pointwise.cpp - register-blocked 1x1 convolution -------------------===//
//
// out(c, x, y) = act(b(c) + sum_r W(c, r) * in(r, x, y)) [+ res(c, x, y)]
// A tile of (vecs x vec) output channels by px pixels is accumulated in
// registers (DESIGN §5: 20-28 accumulators); per reduction step the input
// value of each pixel is broadcast and one weight vector per channel vector
// is streamed from the (co, ci) weight matrix, co innermost.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

void lowerPointwise(LowerCtx &ctx, const Conv &conv, int in, int out,
                    int residual, int gateTensor) {
  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  std::string fn = ctx.stageName(gateTensor >= 0 ? "project" : "");
  int Cin = conv.inChannels, Cout = conv.outChannels;

  std::vector<ImageParam> params = {makeInput(id, "input")};
  std::vector<int> inputs = {in};
  Buffer<float> wb = constMatrixT(conv.weights, Cout, Cin, fn + "_w");
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
  Buffer<float> bb = constVector(conv.bias, fn + "_b");
  if (residual >= 0) {
    params.push_back(makeInput(ctx.tensors[residual].desc, "residual"));
    inputs.push_back(residual);
  }

  Func acc = namedFunc("acc"), f = namedFunc("pointwise");
  RDom r(0, Cin, "r");
  acc(v.c, v.x, v.y) = bb(v.c);
  acc(v.c, v.x, v.y) += wb(v.c, r) * src(r, v.x, v.y);
  Expr e = activate(acc(v.c, v.x, v.y), conv.act);
  if (residual >= 0)
    e = e + params.back()(v.c, v.x, v.y);
  f(v.c, v.x, v.y) = e;

  const Sched &s = ctx.sched;
  TileVars t;
  // Few pixels, many weights (7x7 head): keep a weight tile hot across all
  // pixels by iterating pixels inside channel tiles.
  bool outerCo = gateTensor < 0 && (size_t)id.W() * id.H() * Cin * 4 <= 64 * 1024;
  scheduleTile(f, acc, Cout, od.W(), s.pwVecs, s.pwPx, s, t, outerCo,
               {r.x});
  if (gateTensor >= 0)
    src.compute_at(f, t.xo)
        .store_in(MemoryType::Stack)
        .vectorize(v.c, vecDividing(Cin, s.vec));
  if (s.threads > 1)
    f.parallel(v.y);
  ctx.addStage(fn, gateTensor >= 0 ? "conv1x1.gated" : "conv1x1", params,
               inputs, {f}, {out}, (double)Cin * Cout * od.W() * od.H());
}

} // namespace mnv3::codegen
