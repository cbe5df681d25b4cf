//===- Conv.cpp - standalone convolutions: dispatch and dense/grouped -----===//
//
// 1x1 -> Pointwise.cpp; depthwise -> Depthwise.cpp; anything else (the
// stem's dense 3x3 s2, grouped convs) is a direct convolution with the same
// register tile as the 1x1: output channels in vectors, pixels unrolled,
// reduction over (ci, kx, ky) outermost; the input is read through a
// zero-padding select that loop partitioning removes in the interior.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

void lowerConv(LowerCtx &ctx, const Conv &cv, int in, int out) {
  bool pointwise =
      cv.kernel == 1 && cv.stride == 1 && cv.padding == 0 && cv.groups == 1;
  if (pointwise && ctx.tensors[in].desc.stride[0] == 1)
    return lowerPointwise(ctx, cv, in, out);
  if (cv.groups > 1 && cv.groups == cv.inChannels &&
      cv.groups == cv.outChannels && ctx.tensors[in].desc.stride[0] == 1)
    return lowerDepthwise(ctx, std::nullopt, cv, in, out);

  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  std::string fn = ctx.stageName("");
  ImageParam ip = makeInput(id, "input");
  Func ep = zeroPad(ip, id.W(), id.H(), "padded");
  int k = cv.kernel, ipg = cv.inChannels / cv.groups,
      opg = cv.outChannels / cv.groups;
  Buffer<float> wb(cv.outChannels, ipg, k, k, fn + "_w");
  for (int o = 0; o < cv.outChannels; o++)
    for (int i = 0; i < ipg; i++)
      for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++)
          wb(o, i, kx, ky) =
              cv.weights[(((size_t)o * ipg + i) * k + ky) * k + kx];
  Func w = ctx.weights(wb), b = ctx.weights(constVector(cv.bias, fn + "_b"));

  RDom r(0, ipg, 0, k, 0, k, "r");
  Expr cin = cv.groups == 1 ? Expr(r.x) : (v.c / opg) * ipg + r.x;
  Func acc = namedFunc("conv_acc"), f = namedFunc("conv");
  acc(v.c, v.x, v.y) = b(v.c);
  acc(v.c, v.x, v.y) = multiplyAdd(
      ctx.sched, w(v.c, r.x, r.y, r.z),
      ep(cin, v.x * cv.stride + r.y * cv.dilation - cv.padding,
         v.y * cv.stride + r.z * cv.dilation - cv.padding),
      acc(v.c, v.x, v.y));
  f(v.c, v.x, v.y) = activate(acc(v.c, v.x, v.y), cv.act);

  const Sched &s = ctx.sched;
  TileVars t;
  scheduleTile(f, acc, cv.outChannels, od.W(), s.pwVecs, s.pwPx, s, t, false,
               {r.x, r.y, r.z});
  if (s.threads > 1)
    f.parallel(v.y);
  ctx.addStage(fn, cv.groups == 1 ? "conv" : "conv.grouped", {ip}, {in}, {f},
               {out}, (double)ipg * k * k * cv.outChannels * od.W() * od.H());
}

} // namespace mnv3::codegen
