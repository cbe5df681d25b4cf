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
                    int residual, int weightsTensor) {
  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  std::string fn = ctx.stageName(weightsTensor >= 0 ? "project" : "");
  int Cin = conv.inChannels, Cout = conv.outChannels;

  std::vector<ImageParam> params = {makeInput(id, "input")};
  std::vector<int> inputs = {in};
  Func w("w");
  if (weightsTensor >= 0) {
    // Weights computed at run time (SE-gated projection), (co, ci).
    params.push_back(makeInput(ctx.tensors[weightsTensor].desc, "weights"));
    inputs.push_back(weightsTensor);
    w(v.c, v.x) = params.back()(v.c, v.x);
  } else {
    Buffer<float> wb = constMatrixT(conv.weights, Cout, Cin, fn + "_w");
    w(v.c, v.x) = wb(v.c, v.x);
  }
  Buffer<float> bb = constVector(conv.bias, fn + "_b");
  if (residual >= 0) {
    params.push_back(makeInput(ctx.tensors[residual].desc, "residual"));
    inputs.push_back(residual);
  }

  Func acc("acc"), f("pointwise");
  RDom r(0, Cin, "r");
  acc(v.c, v.x, v.y) = bb(v.c);
  acc(v.c, v.x, v.y) += w(v.c, r) * params[0](r, v.x, v.y);
  Expr e = activate(acc(v.c, v.x, v.y), conv.act);
  if (residual >= 0)
    e = e + params.back()(v.c, v.x, v.y);
  f(v.c, v.x, v.y) = e;

  const Sched &s = ctx.sched;
  TileVars t;
  // Few pixels, many weights (7x7 head): keep a weight tile hot across all
  // pixels by iterating pixels inside channel tiles.
  bool outerCo = (size_t)id.W() * id.H() * Cin * 4 <= 64 * 1024;
  scheduleTile(f, acc, Cout, od.W(), s.pwVecs, s.pwPx, s, t, outerCo,
               {r.x});
  if (s.threads > 1)
    f.parallel(v.y);
  ctx.addStage(fn, weightsTensor >= 0 ? "conv1x1.gated" : "conv1x1", params,
               inputs, {f}, {out}, (double)Cin * Cout * od.W() * od.H());
}

} // namespace mnv3::codegen
