//===- Joins.cpp - element-wise layers that read two results --------------===//
//
// Where branches of a graph meet: the sum of two maps of one shape, and a
// map scaled per channel by a vector. Both are memory bound: one pass,
// vectorised along whatever dimension the output stores contiguously.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <algorithm>
#include <functional>

using namespace Halide;

namespace mnv3::codegen {

void scheduleElementwise(Func f, const TensorDesc &od, const Sched &s) {
  Vars v;
  if (od.extent.size() == 1) {
    f.vectorize(v.c, vecFor(od.C(), s.vec), TailStrategy::ShiftInwards);
    return;
  }
  if (od.stride[0] == 1) { // arena layout: channels innermost
    f.vectorize(v.c, vecFor(od.C(), s.vec), TailStrategy::ShiftInwards);
  } else { // NCHW: rows of x are contiguous
    f.reorder(v.x, v.c, v.y)
        .vectorize(v.x, vecFor(od.W(), s.vec), TailStrategy::ShiftInwards);
  }
  if (s.threads > 1 && od.H() > 1)
    f.parallel(v.y);
}

namespace {

/// A stage computing out(c, x, y) = combine(in, other) element by element.
void lowerJoin(LowerCtx &ctx, const std::string &kind, int in, int other,
               int out,
               const std::function<Expr(ImageParam, ImageParam, Vars)> &combine,
               double macs) {
  Vars v;
  ImageParam lhs = makeInput(ctx.tensors[in].desc, "lhs");
  ImageParam rhs = makeInput(ctx.tensors[other].desc, "rhs");
  std::string name = kind;
  std::replace(name.begin(), name.end(), '-', '_');
  Func f = namedFunc(name);
  f(v.c, v.x, v.y) = combine(lhs, rhs, v);
  scheduleElementwise(f, ctx.tensors[out].desc, ctx.sched);
  ctx.addStage(ctx.stageName(""), kind, {lhs, rhs}, {in, other}, {f}, {out},
               macs);
}

} // namespace

void lowerAdd(LowerCtx &ctx, int in, int other, int out) {
  lowerJoin(ctx, "add", in, other, out, [](ImageParam a, ImageParam b, Vars v) {
    return a(v.c, v.x, v.y) + b(v.c, v.x, v.y);
  }, 0);
}

void lowerChannelScale(LowerCtx &ctx, int in, int scale, int out) {
  lowerJoin(ctx, "channel-scale", in, scale, out,
            [](ImageParam map, ImageParam factor, Vars v) {
              return map(v.c, v.x, v.y) * factor(v.c);
            },
            (double)ctx.tensors[out].desc.elements());
}

} // namespace mnv3::codegen
