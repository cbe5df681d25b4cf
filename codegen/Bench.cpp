//===- Bench.cpp - benchNetworks: time every stage and NAME_run on the host ===//
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
// benchNetworks times several networks in one loop: each run visits every
// network once, so all their medians sample the same minutes of a shared
// machine, whose speed drifts by tens of percent from minute to minute
// (mnv3c lut --check compares a latency table with whole subnets so).
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
#include <numeric>
#include <random>

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

/// A stage JIT-compiled with its buffers placed as NAME_run places them.
struct StageRun {
  Internal::JITModule jit;
  std::vector<std::vector<halide_dimension_t>> dims;
  std::vector<halide_buffer_t> buffers;
  void *context = nullptr;
  void call() { callStage(jit.main_function(), context, buffers); }
};

/// One network JIT-compiled for timing: NAME_run whole, and every stage on
/// the arena as NAME_run lays it out, with the samples taken so far.
struct TimedLibrary {
  TimedLibrary(const Network &net, const BenchOptions &opts);
  // Stages hold pointers into input, output and the arena: never moved.
  TimedLibrary(const TimedLibrary &) = delete;
  TimedLibrary &operator=(const TimedLibrary &) = delete;
  /// One run: the whole call, then a pass over the stages with each one
  /// timed, so a stage meets the caches NAME_run leaves it (weights mostly
  /// arriving from memory), and both medians come from the same minutes of
  /// a noisy machine. Untimed runs only warm up.
  void runOnce(bool timed);
  /// The medians, and each stage's median repeated alone (hot caches).
  BenchResult finish(int runs);

  BenchResult res;
  Sched sched; ///< the lowering's; the lowered modules are freed once JIT-compiled
  std::vector<float> input, output;
  std::vector<uint8_t> scratch;
  uint8_t *arena = nullptr;
  Internal::JITModule library;
  int (*run)(const float *, float *, void *) = nullptr;
  std::deque<StageRun> stages;
  std::vector<double> whole;
  std::vector<std::vector<double>> inSequence;
};

TimedLibrary::TimedLibrary(const Network &net, const BenchOptions &opts) {
  res.halideTarget = *resolveTarget("host", nullptr);
  EmitOptions eo;
  eo.threads = opts.threads;
  eo.emit.clear();
  // Freed at the end: the JIT modules hold their own copies of the
  // weights, and lut times many networks at once.
  auto lib = std::make_unique<LoweredLibrary>(net.name, res.halideTarget, eo);
  lowerLibrary(net, *lib);
  sched = lib->ctx.sched;
  const runtime::LibraryShape &shape = lib->shape;

  input.resize((size_t)net.inC * net.inH * net.inW);
  for (size_t i = 0; i < input.size(); i++)
    input[i] = (float)((i * 2654435761u) % 1000) / 500.f - 1.f;
  const OutputPlacement lastOutput = placeOutputs(net).back();
  output.resize(lastOutput.offset + lastOutput.floats());
  scratch.resize(runtime::scratchBytes(shape) + 64);
  arena = (uint8_t *)(((uintptr_t)scratch.data() + 63) & ~(uintptr_t)63);

  library = jitModule(lib->module, shape.prefix + "_run");
  run = (int (*)(const float *, float *, void *))library.main_function();
  if (opts.threads > 1 && !runtimeDoParFor)
    throw std::runtime_error(
        "bench: Halide's JIT runtime exports no halide_do_par_for");
  if (int status = run(input.data(), output.data(), arena); status != 0)
    throw std::runtime_error("bench: " + shape.prefix + "_run returned " +
                             std::to_string(status));

  for (size_t i = 0; i < lib->ctx.stages.size(); i++) {
    const PipeStage &st = lib->ctx.stages[i];
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
  inSequence.resize(stages.size());
}

void TimedLibrary::runOnce(bool timed) {
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

BenchResult TimedLibrary::finish(int runs) {
  res.wholeSeconds = median(whole);
  for (size_t i = 0; i < stages.size(); i++) {
    res.stages[i].seconds = median(inSequence[i]);
    res.stages[i].hotSeconds = medianSeconds(runs, [&] { stages[i].call(); });
  }
  res.ok = true;
  return res;
}

std::vector<BenchResult> benchImpl(const std::vector<const Network *> &nets,
                                   const BenchOptions &opts) {
  std::vector<BenchResult> results(nets.size());
  std::string problem = checkBenchOptions(opts);
  for (size_t i = 0; i < nets.size() && problem.empty(); i++)
    if (std::string why = verifyNetwork(*nets[i]); !why.empty())
      problem = nets.size() > 1 ? nets[i]->name + ": " + why : why;
  if (!problem.empty()) {
    for (BenchResult &res : results)
      res.error = problem;
    return results;
  }
  std::deque<TimedLibrary> libraries;
  for (const Network *net : nets)
    libraries.emplace_back(*net, opts);
  // Every run visits each library once, in an order shuffled anew (seeded:
  // the same each time), so no library always follows the same neighbour.
  std::vector<size_t> order(libraries.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 shuffler(0x6d6e7633);
  for (int r = 0; r < opts.runs + 2; r++) {
    std::shuffle(order.begin(), order.end(), shuffler);
    for (size_t i : order)
      libraries[i].runOnce(/*timed=*/r >= 2); // two untimed runs first
  }
  if (libraries.empty())
    return results;
  const TimedLibrary &first = libraries.front();
  double fmaPeak = measureFmaPeak(
      Target(first.res.halideTarget).with_feature(Target::JIT),
      first.sched, 5);
  for (size_t i = 0; i < libraries.size(); i++) {
    results[i] = libraries[i].finish(opts.runs);
    results[i].fmaPeakPerThread = fmaPeak;
  }
  return results;
}

} // namespace

std::vector<BenchResult> benchNetworks(const std::vector<const Network *> &nets,
                                       const BenchOptions &opts) {
  std::vector<BenchResult> results(nets.size());
  std::string error = catchHalideErrors([&] { results = benchImpl(nets, opts); });
  if (!error.empty())
    for (BenchResult &res : results) {
      res = BenchResult();
      res.error = error;
    }
  return results;
}

BenchResult benchNetwork(const Network &net, const BenchOptions &opts) {
  return benchNetworks({&net}, opts).front();
}

} // namespace mnv3::codegen
