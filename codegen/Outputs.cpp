//===- Outputs.cpp - where the network's outputs go, and the copy there ---===//
//
// Every output is written NCHW into the caller's one output buffer, in the
// order the network lists them; an SSD prediction output is its parts, each
// written channels innermost, which is the layout torchvision gives it. A layer whose result is an output and is
// read by nothing else writes it there directly; a result that later layers
// also read stays in the arena (channels innermost, which they need) and a
// copy stage transposes it out.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

using namespace Halide;

namespace mnv3::codegen {

std::vector<OutputPlacement> placeOutputs(const Network &net) {
  std::vector<NetworkOutput> outputs = net.outputs;
  if (outputs.empty())
    outputs.push_back({"output", (int)net.layers.size() - 1});
  std::vector<OutputPlacement> placed;
  size_t offset = 0;
  for (const NetworkOutput &o : outputs) {
    bool anchors = !o.anchorParts.empty();
    for (int layer : anchors ? o.anchorParts : std::vector<int>{o.layer}) {
      const Layer &l = net.layers[layer];
      OutputPlacement p{o.name, layer,   l.outC,    l.outH, l.outW,
                        isFlat(l), anchors, o.columns, offset};
      offset += p.floats();
      placed.push_back(p);
    }
  }
  return placed;
}

std::vector<OutputShape> outputShapes(const std::vector<OutputPlacement> &placed) {
  std::vector<OutputShape> shapes;
  for (const OutputPlacement &p : placed) {
    if (p.channelsLast && !shapes.empty() && shapes.back().name == p.name) {
      shapes.back().floats += p.floats();
      shapes.back().shape[1] += (int)(p.floats() / p.columns);
      continue;
    }
    std::vector<int> shape =
        p.channelsLast ? std::vector<int>{1, (int)(p.floats() / p.columns), p.columns}
        : p.flat       ? std::vector<int>{1, p.C}
                       : std::vector<int>{1, p.C, p.H, p.W};
    shapes.push_back({p.name, p.offset, p.floats(), shape});
  }
  return shapes;
}

void lowerCopyOut(LowerCtx &ctx, int in, int out) {
  Vars v;
  const TensorDesc &id = ctx.tensors[in].desc, &od = ctx.tensors[out].desc;
  ImageParam ip = makeInput(id, "input");
  Func f = namedFunc("copy_out");
  if (id.extent.size() == 1)
    f(v.c) = ip(v.c);
  else
    f(v.c, v.x, v.y) = ip(v.c, v.x, v.y);
  scheduleElementwise(f, od, ctx.sched);
  ctx.addStage(ctx.stageName("copy_out"), "copy-out", {ip}, {in}, {f}, {out}, 0);
}

} // namespace mnv3::codegen
