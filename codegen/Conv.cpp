//===- Conv.cpp - standalone convolutions: dispatch and dense/grouped -----===//
//
// 1x1 -> Pointwise.cpp; depthwise -> Depthwise.cpp; anything else (the
// stem's dense 3x3 s2, grouped convs) is a direct convolution with the same
// register tile as the 1x1: output channels in vectors, pixels unrolled,
// reduction over (ci, kx, ky) outermost; the input is read through a
// zero-padding select that loop partitioning removes in the interior. A
// camera-frame input (InputFormat.cpp) is always read by this path.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

void lowerConv(LowerCtx &ctx, const Conv &cv, int in, int out) {
  bool formatted = readsFormattedInput(ctx, in);
  bool pointwise =
      cv.kernel == 1 && cv.stride == 1 && cv.padding == 0 && cv.groups == 1;
  bool channelsInnermost = ctx.tensors[in].desc.stride[0] == 1 && !formatted;
  if (pointwise && channelsInnermost)
    return lowerPointwise(ctx, cv, in, out);
  if (cv.groups > 1 && cv.groups == cv.inChannels &&
      cv.groups == cv.outChannels && channelsInnermost)
    return lowerDepthwise(ctx, std::nullopt, cv, in, out);

  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  std::string fn = ctx.stageName("");
  ImageParam ip = makeNetworkInput(ctx, in, "input");
  Func source = formatted ? centredInput(ctx, ip, id, fn) : Func(ip);
  Func ep = zeroPad(source, id.W(), id.H(), "padded");
  int k = cv.kernel, ipg = cv.inChannels / cv.groups,
      opg = cv.outChannels / cv.groups;
  Buffer<float> wb(cv.outChannels, ipg, k, k, fn + "_w");
  for (int o = 0; o < cv.outChannels; o++)
    for (int i = 0; i < ipg; i++) {
      float scale = formatted ? inputScale(ctx, (o / opg) * ipg + i) : 1.f;
      for (int ky = 0; ky < k; ky++)
        for (int kx = 0; kx < k; kx++)
          wb(o, i, kx, ky) =
              cv.weights[(((size_t)o * ipg + i) * k + ky) * k + kx] * scale;
    }
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
  // Each input value is read by k*k taps of k output rows: convert and
  // centre the rows an output row needs once, not per tap.
  if (formatted) {
    source.compute_at(f, v.y);
    if (id.stride[0] == 1) { // channels innermost: one run of C*W values
      Var cx("cx");
      source.fuse(v.c, v.x, cx).vectorize(cx, s.vec);
    } else {
      source.vectorize(v.x, vecFor(id.W(), s.vec));
    }
  }
  ctx.addStage(fn, cv.groups == 1 ? "conv" : "conv.grouped", {ip}, {in}, {f},
               {out}, (double)ipg * k * k * cv.outChannels * od.W() * od.H());
}

} // namespace mnv3::codegen
