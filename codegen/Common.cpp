//===- Common.cpp - tensors, constant weights, activations, tile schedule -===//
#include "Internal.h"

#include "runtime/ScratchAllocations.h"
#include "runtime/StageChecks.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <tuple>

using namespace Halide;

namespace mnv3::codegen {

TensorDesc TensorDesc::chw(int C, int W, int H) {
  return {{C, W, H}, {1, C, C * W}};
}
TensorDesc TensorDesc::nchw(int C, int W, int H) {
  return {{C, W, H}, {W * H, 1, W}};
}
TensorDesc TensorDesc::vec(int C) { return {{C}, {1}}; }
size_t TensorDesc::elements() const {
  size_t n = 1;
  for (int e : extent)
    n *= (size_t)e;
  return n;
}

ImageParam makeInput(const TensorDesc &d, const std::string &name,
                     Type type) {
  ImageParam p(type, (int)d.extent.size(), name);
  for (size_t i = 0; i < d.extent.size(); i++)
    p.dim((int)i).set_bounds(0, d.extent[i]).set_stride(d.stride[i]);
  return p;
}

void constrainOutput(Func f, const TensorDesc &d) {
  for (size_t i = 0; i < d.extent.size(); i++)
    f.output_buffer()
        .dim((int)i)
        .set_bounds(0, d.extent[i])
        .set_stride(d.stride[i]);
}

Buffer<float> constVector(const std::vector<float> &v, const std::string &name,
                          int padTo) {
  int n = std::max<int>((int)v.size(), padTo);
  Buffer<float> b(n, name);
  b.fill(0.f);
  for (size_t i = 0; i < v.size(); i++)
    b(i) = v[i];
  return b;
}

Buffer<float> constMatrixT(const std::vector<float> &w, int out, int in,
                           const std::string &name) {
  Buffer<float> b(out, in, name);
  for (int o = 0; o < out; o++)
    for (int i = 0; i < in; i++)
      b(o, i) = w[(size_t)o * in + i];
  return b;
}

Func zeroPad(Func f, int W, int H, const std::string &name) {
  Vars v;
  Func p = namedFunc(name);
  Expr inb = v.x >= 0 && v.x < W && v.y >= 0 && v.y < H;
  Expr xc = clamp(likely(v.x), 0, W - 1), yc = clamp(likely(v.y), 0, H - 1);
  p(v.c, v.x, v.y) = select(inb, likely(f(v.c, xc, yc)), 0.f);
  return p;
}

// Pick the register tile (channel vectors x pixels) for a C x W output row:
// around the target's accumulator budget (vecs*px), minimising the work
// wasted by ShiftInwards tails (a 6-pixel tile on a 7-wide row computes 12
// pixels) plus a load/FMA overhead proxy (fewer accumulators = more loads).
std::pair<int, int> chooseTile(int C, int W, int vec, int vecs, int px) {
  int budget = vecs * px;
  int vmax = std::max(1, std::min(vecs, C / vec));
  double best = 1e30;
  std::pair<int, int> pick{vmax, std::max(1, std::min(px, W))};
  for (int nv = 1; nv <= vmax; nv++)
    for (int np = 1; np <= std::min(W, 16); np++) {
      int acc = nv * np;
      if (acc > budget + budget / 6 || (acc < budget / 2 && acc < nv * W))
        continue;
      double ct = std::ceil((double)C / (nv * vec)) * nv * vec / C;
      double pt = std::ceil((double)W / np) * np / W;
      double cost = ct * pt * (1 + 0.5 * (nv + np) / (double)acc);
      if (cost < best - 1e-9) {
        best = cost;
        pick = {nv, np};
      }
    }
  return pick;
}

// One step of a multiplyAdd4 tile (1 vector x np pixels, 4 input channels)
// costs 4*np multiply-adds, 4 weight and np input loads and about 9 other
// instructions (addresses, loop); minimise that per useful MAC, counting
// the pixels a ShiftInwards tail computes twice. np <= maxPx keeps the
// np accumulators, np inputs and 4 weights within the registers.
int chooseLanePixels(int W, int maxPx) {
  int pick = 1;
  double best = 1e30;
  for (int np = 1; np <= std::min(W, maxPx); np++) {
    double waste = std::ceil((double)W / np) * np / W;
    double cost = waste * (5.0 * np + 13) / (4.0 * np);
    if (cost < best - 1e-9)
      best = cost, pick = np;
  }
  return pick;
}

int scheduleTile(Func out, Func acc, int C, int W, int vecs, int px,
                 const Sched &s, const TileVars &t, bool outerCo,
                 const std::vector<RVar> &rvars) {
  Vars v;
  int vec = vecFor(C, s.vec);
  std::tie(vecs, px) = chooseTile(C, W, vec, vecs, px);
  out.split(v.c, t.co, t.ci, vec * vecs, TailStrategy::ShiftInwards)
      .split(v.x, t.xo, t.xi, px, TailStrategy::ShiftInwards);
  if (outerCo)
    out.reorder(t.ci, t.xi, t.xo, t.co, v.y);
  else
    out.reorder(t.ci, t.xi, t.co, t.xo, v.y);
  out.vectorize(t.ci, vec).unroll(t.ci).unroll(t.xi);
  acc.compute_at(out, outerCo ? t.xo : t.co);
  acc.vectorize(v.c, vec).unroll(v.c).unroll(v.x);
  // Reduction outermost inside the tile: every step broadcasts one input
  // value per pixel and streams one weight vector per channel vector.
  std::vector<VarOrRVar> order = {v.c, v.x};
  for (const RVar &r : rvars)
    order.push_back(r);
  order.push_back(v.y);
  acc.update().reorder(order).vectorize(v.c, vec).unroll(v.c).unroll(v.x);
  return vec * vecs;
}

double threadBalance(int items, int threads) {
  int rounds = (items + threads - 1) / threads;
  return (double)items / (rounds * threads);
}

void parallelChannelTiles(Func out, const TileVars &t, int tilesPerChunk,
                          const std::vector<VarOrRVar> &outer,
                          TailStrategy tail) {
  Var chunk("chunk");
  // The inner loop keeps the name co: Funcs computed at co stay there.
  out.split(t.co, chunk, t.co, tilesPerChunk, tail);
  std::vector<VarOrRVar> order = {t.co};
  order.insert(order.end(), outer.begin(), outer.end());
  order.push_back(chunk);
  out.reorder(order).parallel(chunk);
}

std::string LowerCtx::stageName(const std::string &suffix) const {
  std::string n = layerName;
  for (char &ch : n)
    if (!isalnum((unsigned char)ch))
      ch = '_';
  char idx[16];
  snprintf(idx, sizeof idx, "l%02d", layerIndex);
  return prefix + "_" + idx + (n.empty() ? "" : "_" + n) +
         (suffix.empty() ? "" : "_" + suffix);
}

namespace {
/// `b` with its last dimension extended so that it holds at least 64
/// bytes: LLVM puts constants of 4 to 32 bytes into mergeable .rodata.cst*
/// sections with the code's own constants, and every weight must be in the
/// weights section (.rodata, or --weights-section). Reads stay in the
/// original extents.
Buffer<float> atLeast64Bytes(const Buffer<float> &b) {
  if (b.size_in_bytes() >= 64)
    return b;
  std::vector<int> extents;
  for (int i = 0; i < b.dimensions(); i++)
    extents.push_back(b.dim(i).extent());
  size_t inner = b.number_of_elements() / extents.back();
  extents.back() = (int)((16 + inner - 1) / inner);
  Buffer<float> padded(extents, b.name());
  padded.fill(0.f);
  padded.copy_from(b);
  return padded;
}
} // namespace

Func LowerCtx::weights(const Buffer<float> &packed) {
  Func read = namedFunc(packed.name() + "_read");
  std::vector<Var> at(packed.dimensions());
  std::vector<Expr> args(at.begin(), at.end());
  if (!externalWeights) {
    read(at) = atLeast64Bytes(packed)(args);
    return read;
  }
  TensorDesc desc;
  for (int i = 0; i < packed.dimensions(); i++) {
    desc.extent.push_back(packed.dim(i).extent());
    desc.stride.push_back(packed.dim(i).stride());
  }
  int id = newTensor(desc);
  tensors[id].loc = Loc::Weights;
  // 64-byte aligned within the blob, like the arena.
  weightsPayload.resize((weightsPayload.size() + 63) / 64 * 64);
  tensors[id].offset = weightsPayload.size();
  const uint8_t *bytes = (const uint8_t *)packed.data();
  weightsPayload.insert(weightsPayload.end(), bytes,
                        bytes + packed.size_in_bytes());
  ImageParam param = makeInput(desc, packed.name());
  pendingWeights.push_back({param, id});
  read(at) = param(args);
  return read;
}

void LowerCtx::addStage(const std::string &fn, const std::string &kind,
                        const std::vector<ImageParam> &params,
                        const std::vector<int> &inputs,
                        const std::vector<Func> &outputs,
                        const std::vector<int> &outs, double macs) {
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < outputs.size(); i++)
    constrainOutput(outputs[i], tensors[outs[i]].desc);
  std::vector<Argument> args;
  for (const ImageParam &p : params)
    args.push_back(p);
  for (const PendingWeight &w : pendingWeights)
    args.push_back(w.param);
  Pipeline pipe(outputs);
  PipeStage st;
  st.layer = layerName;
  st.function = fn;
  st.kind = kind;
  st.module =
      pipe.compile_to_module(args, fn, stageTarget, LinkageType::External);
  runtime::removeStageChecks(st.module);
  runtime::ScratchPlan scratch = runtime::moveAllocationsToScratch(st.module);
  if (!scratch.problems.empty())
    throw std::runtime_error("stage " + fn + ": cannot place temporaries in "
                             "the scratch arena: " + scratch.problems[0]);
  if (scratch.bytes > 0)
    st.scratch = newTensor(TensorDesc::vec((int)(scratch.bytes / 4)));
  st.args = inputs;
  for (const PendingWeight &w : pendingWeights)
    st.args.push_back(w.tensor);
  pendingWeights.clear();
  st.args.insert(st.args.end(), outs.begin(), outs.end());
  st.macs = macs;
  if (emit.count("stmt"))
    st.module.compile(
        {{OutputFileType::stmt, outDir + "/" + fn + ".stmt"},
         {OutputFileType::stmt_html, outDir + "/" + fn + ".html"}});
  st.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  stages.push_back(std::move(st));
}

} // namespace mnv3::codegen
