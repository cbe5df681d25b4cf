//===- Outputs.cpp - where the network's outputs go, and the copy there ---===//
//
// Every output is written NCHW into the caller's one output buffer, in the
// order the network lists them. A layer whose result is an output and is
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
    const Layer &l = net.layers[o.layer];
    OutputPlacement p{o.name, o.layer, l.outC, l.outH, l.outW, isFlat(l),
                      offset};
    offset += p.floats();
    placed.push_back(p);
  }
  return placed;
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
