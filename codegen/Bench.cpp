//===- Bench.cpp - benchNetwork: time every stage and NAME_run on the host -===//
//
// The library is lowered exactly as compileNetwork lowers it (LoweredLibrary)
// and compiled in memory with Halide's JIT instead of to an object: once
// whole, to time NAME_run, and once per stage, on the arena as NAME_run
// lays it out. Each stage is timed twice: in sequence (each run calls
// NAME_run, then every stage in its order, so weights arrive from memory
// as they do there: these sum to about the whole call) and alone, repeated
// with hot caches (what the kernel can do: the share of the FMA peak that
// matters for compute-bound stages).
//
// The FMA peak is measured the same way: a JIT-compiled kernel of twelve
// independent accumulator vectors, enough to cover the FMA latency on two
// pipes, scheduled like the kernels' register tiles.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <algorithm>
#include <chrono>
#include <deque>

using namespace Halide;

namespace mnv3::codegen {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> t) {
  std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
  return t[t.size() / 2];
}

/// Median seconds of `runs` calls of `call`, after two untimed ones.
template <class F> double medianSeconds(int runs, F &&call) {
  call();
  call();
  std::vector<double> t;
  for (int i = 0; i < runs; i++) {
    auto t0 = Clock::now();
    call();
    t.push_back(secondsSince(t0));
  }
  return median(t);
}

/// Fused multiply-adds per second of one thread: `accumulators` vectors of
/// `lanes` floats, each updated `steps` times, in registers.
double measureFmaPeak(const Target &target, const Sched &s, int runs) {
  const int accumulators = 12, lanes = s.vec, steps = 1 << 20;
  Var x("x"), xo("xo"), xi("xi");
  RDom r(0, steps, "r");
  Func acc = namedFunc("fma_peak_acc"), out = namedFunc("fma_peak");
  acc(x) = cast<float>(x) * 1e-3f;
  // r * 0 puts r in the update (its loop); the simplifier drops the term.
  acc(x) = multiplyAdd(s, acc(x), 0.999999f, 1e-7f + cast<float>(r * 0));
  out(x) = acc(x);
  out.bound(x, 0, accumulators * lanes)
      .split(x, xo, xi, accumulators * lanes)
      .vectorize(xi, lanes)
      .unroll(xi);
  acc.compute_at(out, xo).vectorize(x, lanes).unroll(x);
  acc.update().reorder(x, r).vectorize(x, lanes).unroll(x);
  out.compile_jit(target);
  Buffer<float> result(accumulators * lanes);
  double seconds = medianSeconds(runs, [&] { out.realize(result); });
  return (double)accumulators * lanes * steps / seconds;
}

/// A halide_buffer_t over `base` with the extents and element strides of
/// `arg`; `dims` owns the shape.
halide_buffer_t describeBuffer(const runtime::BufferArg &arg, uint8_t *base,
                               std::vector<halide_dimension_t> &dims) {
  dims.clear();
  for (size_t d = 0; d < arg.extent.size(); d++)
    dims.push_back({0, arg.extent[d], arg.stride[d], 0});
  halide_buffer_t b{};
  b.host = base + arg.offset;
  b.type = halide_type_t(halide_type_float, 32);
  b.dimensions = (int)dims.size();
  b.dim = dims.data();
  return b;
}

/// Calls a stage's entry (user context, then its buffers) directly.
int callStage(void *fn, void *uc, std::vector<halide_buffer_t> &b) {
  using B = halide_buffer_t *;
  switch (b.size()) {
  case 1:
    return ((int (*)(void *, B))fn)(uc, &b[0]);
  case 2:
    return ((int (*)(void *, B, B))fn)(uc, &b[0], &b[1]);
  case 3:
    return ((int (*)(void *, B, B, B))fn)(uc, &b[0], &b[1], &b[2]);
  case 4:
    return ((int (*)(void *, B, B, B, B))fn)(uc, &b[0], &b[1], &b[2], &b[3]);
  default:
    throw std::runtime_error("bench: a stage with " +
                             std::to_string(b.size()) + " buffers");
  }
}

// Parallel loops under the JIT. A stage's user context is its scratch
// region, but the JIT runtime reads the user context of halide_do_par_for
// as a JITUserContext (its handler table). So the JIT-compiled code calls
// benchDoParFor instead, which hands the runtime a real JITUserContext
// whose do_task handler calls each task with the scratch pointer: the work
// still runs on Halide's own thread pool.
struct ParallelContext : JITUserContext {
  void *scratch = nullptr;
};
using DoParFor = int (*)(void *, int (*)(void *, int, uint8_t *), int, int,
                         uint8_t *);
DoParFor runtimeDoParFor = nullptr;

int runTaskWithScratch(JITUserContext *context,
                       int (*task)(JITUserContext *, int, uint8_t *), int index,
                       uint8_t *closure) {
  auto *pc = static_cast<ParallelContext *>(context);
  return ((int (*)(void *, int, uint8_t *))task)(pc->scratch, index, closure);
}

int benchDoParFor(void *scratch, int (*task)(void *, int, uint8_t *), int min,
                  int size, uint8_t *closure) {
  ParallelContext context;
  context.scratch = scratch;
  context.handlers.custom_do_task = runTaskWithScratch;
  return runtimeDoParFor(&context, task, min, size, closure);
}

/// What the JIT-compiled library links against before Halide's runtime.
Internal::JITModule parallelOverride() {
  Internal::JITModule m;
  m.add_symbol_for_export("halide_do_par_for",
                          Internal::JITModule::Symbol((void *)&benchDoParFor));
  return m;
}

/// `functions` of `from` (with their constants) as a JIT-able module whose
/// entry `entry` also gets the argv wrapper the JIT looks up.
Internal::JITModule jitModule(const Module &from, const std::string &entry) {
  Module m(entry, from.target().with_feature(Target::JIT));
  for (Internal::LoweredFunc f : from.functions()) {
    if (f.name == entry)
      f.linkage = LinkageType::ExternalPlusArgv;
    m.append(f);
  }
  for (const Buffer<> &b : from.buffers())
    m.append(b);
  for (const ExternalCode &c : from.external_code())
    m.append(c);
  Internal::JITModule jit(m, m.get_function_by_name(entry),
                         {parallelOverride()});
  if (!runtimeDoParFor)
    for (Internal::JITModule &rt :
         Internal::JITSharedRuntime::get(nullptr, m.target(), false)) {
      auto it = rt.exports().find("halide_do_par_for");
      if (it != rt.exports().end())
        runtimeDoParFor = (DoParFor)it->second.address;
    }
  return jit;
}

BenchResult benchImpl(const Network &net, const BenchOptions &opts) {
  BenchResult res;
  if (std::string problem = verifyNetwork(net); !problem.empty()) {
    res.error = problem;
    return res;
  }
  if (std::string problem = checkBenchOptions(opts); !problem.empty()) {
    res.error = problem;
    return res;
  }
  res.halideTarget = *resolveTarget("host", nullptr);
  EmitOptions eo;
  eo.threads = opts.threads;
  eo.emit.clear();
  LoweredLibrary lib(net.name, res.halideTarget, eo);
  lowerLibrary(net, lib);
  const runtime::LibraryShape &shape = lib.shape;

  std::vector<float> input((size_t)net.inC * net.inH * net.inW);
  for (size_t i = 0; i < input.size(); i++)
    input[i] = (float)((i * 2654435761u) % 1000) / 500.f - 1.f;
  const OutputPlacement lastOutput = placeOutputs(net).back();
  std::vector<float> output(lastOutput.offset + lastOutput.floats());
  std::vector<uint8_t> scratch(runtime::scratchBytes(shape) + 64);
  uint8_t *arena =
      (uint8_t *)(((uintptr_t)scratch.data() + 63) & ~(uintptr_t)63);

  Internal::JITModule library = jitModule(lib.module, shape.prefix + "_run");
  auto run = (int (*)(const float *, float *, void *))library.main_function();
  if (opts.threads > 1 && !runtimeDoParFor)
    throw std::runtime_error(
        "bench: Halide's JIT runtime exports no halide_do_par_for");
  if (int status = run(input.data(), output.data(), arena); status != 0)
    throw std::runtime_error("bench: " + shape.prefix + "_run returned " +
                             std::to_string(status));

  // Every stage JIT-compiled with its buffers placed as NAME_run places them.
  struct StageRun {
    Internal::JITModule jit;
    std::vector<std::vector<halide_dimension_t>> dims;
    std::vector<halide_buffer_t> buffers;
    void *context = nullptr;
    void call() { callStage(jit.main_function(), context, buffers); }
  };
  std::deque<StageRun> stages;
  for (size_t i = 0; i < lib.ctx.stages.size(); i++) {
    const PipeStage &st = lib.ctx.stages[i];
    const runtime::StageCall &call = shape.stages[i];
    StageRun &sr = stages.emplace_back();
    sr.jit = jitModule(st.module, st.function);
    sr.dims.resize(call.buffers.size());
    for (size_t k = 0; k < call.buffers.size(); k++) {
      const runtime::BufferArg &a = call.buffers[k];
      uint8_t *base = a.base == runtime::BufferArg::Base::Input
                          ? (uint8_t *)input.data()
                      : a.base == runtime::BufferArg::Base::Output
                          ? (uint8_t *)output.data()
                          : arena;
      sr.buffers.push_back(describeBuffer(a, base, sr.dims[k]));
    }
    if (call.scratchOffset)
      sr.context = arena + *call.scratchOffset;
    res.stages.push_back({st.layer, st.function, st.kind, st.macs, 0, 0});
    res.macs += st.macs;
  }
  // Each run: the whole call, then a pass over the stages with each one
  // timed, so a stage meets the caches NAME_run leaves it (weights mostly
  // arriving from memory), and both medians come from the same minutes of
  // a noisy machine.
  std::vector<double> whole;
  std::vector<std::vector<double>> inSequence(stages.size());
  for (int r = 0; r < opts.runs + 2; r++) {
    bool timed = r >= 2; // two untimed runs first
    auto t0 = Clock::now();
    run(input.data(), output.data(), arena);
    if (timed)
      whole.push_back(secondsSince(t0));
    for (size_t i = 0; i < stages.size(); i++) {
      t0 = Clock::now();
      stages[i].call();
      if (timed)
        inSequence[i].push_back(secondsSince(t0));
    }
  }
  res.wholeSeconds = median(whole);
  for (size_t i = 0; i < stages.size(); i++) {
    res.stages[i].seconds = median(inSequence[i]);
    res.stages[i].hotSeconds =
        medianSeconds(opts.runs, [&] { stages[i].call(); });
  }
  Target host(res.halideTarget);
  res.fmaPeakPerThread =
      measureFmaPeak(host.with_feature(Target::JIT), lib.ctx.sched, 5);
  res.ok = true;
  return res;
}

} // namespace

BenchResult benchNetwork(const Network &net, const BenchOptions &opts) {
  return resultOrError<BenchResult>([&] { return benchImpl(net, opts); });
}

} // namespace mnv3::codegen
