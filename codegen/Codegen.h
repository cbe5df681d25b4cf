//===- Codegen.h - mnv3 Halide back end: public API -------------*- C++ -*-===//
//
// Plain C++17 interface between the MLIR side and the Halide back end.
// This header deliberately includes neither Halide.h nor any LLVM/MLIR
// header, and nothing behind it throws: it is included from code built with
// -fno-exceptions -fno-rtti. Every failure comes back as Result::error.
//
// Tensor conventions
//  * Network input: NCHW float [1, inC, inH, inW] (batch 1), or what
//    EmitOptions::input says (NHWC, uint8, normalised inside).
//  * Network output: [1, classes] floats when the network ends in Linear;
//    a 3-D final tensor is written back in NCHW order. A network with
//    named outputs (a backbone) writes each, NCHW, one after another into
//    the one output buffer (the header gives their offsets and shapes).
//  * Between layers tensors live in one scratch arena, channels innermost
//    ([H][W][C]); this is private to the generated library.
//
// Generated library (NAME = EmitOptions::name; docs/generated-api.md)
//    int NAME_run(const float *input, float *output, void *scratch
//                 [, const void *weights]);
//  returns 0 or a negative code of runtime/Status.h; it never prints,
//  aborts or allocates. `scratch` is NAME_SCRATCH_BYTES bytes, any
//  alignment, owned by the caller and reused across calls: every
//  intermediate tensor and every stage's temporaries live there at offsets
//  planned here. The call needs at most NAME_STACK_BYTES of stack, measured
//  on the emitted machine code (StackBound.cpp). A single-threaded library
//  contains no Halide runtime and needs only memcpy/memmove/memset
//  (ObjectCode.cpp checks every object it writes); --threads N adds
//  Halide's thread pool. Per-layer functions NAME_l<k>_<layer> are exported
//  for profiling (their user context is their scratch region). Every
//  compile also writes NAME.report.json. Same inputs give byte-identical
//  files.
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_CODEGEN_CODEGEN_H
#define MNV3_CODEGEN_CODEGEN_H

#include "mnv3c/Activations.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace mnv3::codegen {

using Activation = ActivationKind; // include/mnv3c/Activations.h

/// Convolution with BatchNorm already folded in. Dense (groups == 1),
/// depthwise (groups == inChannels == outChannels) or grouped; 1x1 is dense
/// with kernel 1. Output size follows PyTorch (convOutputExtent in
/// include/mnv3c/ConvShape.h).
struct Conv {
  int inChannels = 0, outChannels = 0, kernel = 1, stride = 1, dilation = 1,
      padding = 0, groups = 1;
  Activation act = Activation::none;
  std::vector<float> weights; ///< PyTorch OIHW: [out][in/groups][k][k]
  std::vector<float> bias;    ///< [out], always present
};

/// x * gate(W2 * act(W1 * avgpool(x) + b1) + b2), per channel.
struct SqueezeExcite {
  int channels = 0, squeeze = 0;
  Activation act = Activation::relu;         ///< after the first FC
  Activation gate = Activation::hardsigmoid; ///< HardSigmoid or Sigmoid
  std::vector<float> w1;                     ///< [squeeze][channels]
  std::vector<float> b1;                     ///< [squeeze]
  std::vector<float> w2;                     ///< [channels][squeeze]
  std::vector<float> b2;                     ///< [channels]
};

/// Inverted residual: [expand 1x1 + act] -> depthwise kxk + act -> [SE] ->
/// project 1x1 (its act is normally None) [+ block input].
struct Bneck {
  std::optional<Conv> expand;
  Conv depthwise;
  std::optional<SqueezeExcite> se;
  Conv project;
  bool residual = false;
};

struct Linear {
  int in = 0, out = 0;
  Activation act = Activation::none;
  std::vector<float> weights; ///< [out][in]
  std::vector<float> bias;    ///< [out]
};

struct GlobalAvgPool {};

/// Element-wise sum of the layer's input and the result of layer `other`
/// (same shape): where two branches join, as LR-ASPP's two classifiers.
struct Add {
  int other = 0;
};

/// The layer's input map times a per-channel vector, the [1, C] result of
/// layer `scale` (LR-ASPP's attention branch).
struct ChannelScale {
  int scale = 0;
};

/// Bilinear resize to the layer's outH x outW, as PyTorch's
/// interpolate(mode="bilinear", align_corners=False).
struct ResizeBilinear {};

/// Layer::input of a layer that reads the network's input.
constexpr int kNetworkInput = -1;

struct Layer {
  std::string name; ///< e.g. "features.3"; used in symbol names and reports
  std::variant<Conv, Bneck, GlobalAvgPool, Linear, Add, ChannelScale,
               ResizeBilinear>
      op;
  /// Shapes of the layer's input and output. Linear and GlobalAvgPool
  /// outputs have outH == outW == 1.
  int inC = 0, inH = 0, inW = 0, outC = 0, outH = 0, outW = 0;
  /// Index of the (earlier) layer whose result this one reads, or
  /// kNetworkInput. Unset: the previous layer, as in a chain.
  std::optional<int> input;
};

/// A tensor the generated code returns.
struct NetworkOutput {
  std::string name; ///< a C identifier; names the header's macros
  int layer = 0;    ///< index of the layer whose result it is
  /// SSD predictions instead of `layer`: the results of these layers, each
  /// [A*K, H, W], written channels innermost one after another, which is
  /// torchvision's [1, sum of H*W*A, K] with K = `columns`.
  std::vector<int> anchorParts;
  int columns = 0;
};

struct Network {
  std::string name;
  int inC = 0, inH = 0, inW = 0;
  int classes = 0; ///< number of output floats when the net ends in Linear
  std::vector<Layer> layers;
  /// Named outputs, written one after another into the output buffer.
  /// Empty: the last layer's result is the only output.
  std::vector<NetworkOutput> outputs;
};

/// The index of the layer `layer` reads, or kNetworkInput.
int inputOf(const Network &net, size_t layer);
/// Every result `layer` reads: inputOf, then a join's second operand.
std::vector<int> inputsOf(const Network &net, size_t layer);
/// Whether the layer's result is a vector [1, C] (pool, linear), not a map.
bool isFlat(const Layer &layer);

/// How NAME_run's input is laid out and encoded (docs/generated-api.md,
/// "Camera frames"). The default, float NCHW already normalised, is what
/// torchvision's models take. Any other format is read by the network's
/// first convolution itself: values are converted and centred as they are
/// loaded and 1/std is folded into that convolution's weights, so no
/// normalised copy of the image is ever made.
struct InputFormat {
  bool channelsLast = false; ///< NHWC [1][H][W][C] instead of NCHW
  bool bytes = false;        ///< uint8 values instead of float
  /// Per input channel: the network sees (x - mean[c]) / std[c]. Empty:
  /// 0 and 1.
  std::vector<float> mean, std;
  bool isDefault() const {
    return !channelsLast && !bytes && mean.empty() && std.empty();
  }
};

struct EmitOptions {
  /// "host", a friendly name (see resolveTarget) or a raw Halide target.
  std::string target = "host";
  std::string outDir = "."; ///< created if missing
  std::string name;         ///< C identifier; defaults to Network::name
  /// Any of: lib (NAME.a), header (NAME.h), obj (NAME.o), asm (NAME.s),
  /// cpp (NAME.cpp, Halide C backend; with threads > 1 also NAME_runtime.o
  /// for the thread pool it calls), stmt (NAME.<layer>.stmt and .html per
  /// layer),
  /// stages (NAME.stages.txt: one line per stage with its symbol, layer,
  /// kind, MACs and buffer shapes, read by bench/stage_bench.cpp).
  std::set<std::string> emit = {"lib", "header"};
  int threads = 1; ///< >1: parallel rows, NAME_run sets the pool size
  /// No libc beyond memcpy/memmove/memset: NAME_run needs the caller's
  /// scratch (no malloc fallback). Requires threads == 1.
  bool freestanding = false;
  /// Weights go to NAME.weights instead of the library; NAME_run takes them
  /// as a fourth argument.
  bool externalWeights = false;
  /// Linker section for the embedded weights ("" = .rodata).
  std::string weightsSection;
  /// Called with one line per layer as it is lowered ("layer 3/21
  /// features.2: bneck") and before code generation; unset: silent.
  std::function<void(const std::string &)> progress;
  /// The driver's hash of the model file, the weights and the pipeline
  /// (runtime/InputsHash.h); with the target and the options above it
  /// becomes NAME_INPUTS_HASH.
  uint64_t inputsHash = 0;
  InputFormat input; ///< NAME_run's input; default float NCHW
};

/// mnv3c's version ("0.16.0", the repository's VERSION file) and the
/// Halide version code generation links.
const char *mnv3cVersion();
const char *halideVersion();

/// Per-stage record (one compiled Halide pipeline), for reports.
struct StageInfo {
  std::string layer;         ///< Layer::name
  std::string function;      ///< exported symbol of the stage
  std::string kind;          ///< "conv1x1", "bneck", "bneck.se-gate", ...
  double macs = 0;           ///< multiply-accumulates of the stage
  size_t scratchBytes = 0;   ///< its temporaries, passed as user context
  double compileSeconds = 0; ///< lowering time (LLVM codegen is done once
                             ///< for the linked module, see Result)
  /// Buffer arguments in call order (inputs, external weights, outputs):
  /// extents and element strides of dims (c, x, y). Lets tools call a
  /// stage alone.
  std::vector<std::vector<int>> argExtents, argStrides;
};

struct Result {
  bool ok = false;
  std::string error;              ///< set when !ok
  std::vector<std::string> files; ///< paths written
  size_t scratchBytes = 0;        ///< NAME_SCRATCH_BYTES
  size_t arenaBytes = 0;          ///< the planned arena (no align slack)
  size_t stackBytes = 0;          ///< NAME_STACK_BYTES
  size_t weightBytes = 0;         ///< embedded weights, or NAME.weights
  size_t codeBytes = 0;           ///< executable sections of the object
  std::string reportPath;         ///< NAME.report.json
  std::string halideTarget;       ///< resolved Halide target string
  std::vector<StageInfo> stages;
  double codegenSeconds = 0; ///< LLVM code generation of all emit kinds
};

/// Compile `net` into the files requested by `opts`. Never throws.
Result compileNetwork(const Network &net, const EmitOptions &opts);

struct BenchOptions {
  int threads = 1; ///< as EmitOptions::threads
  int runs = 41;   ///< timed calls of NAME_run and of each stage (median)
};

/// One stage's median times: `seconds` within whole passes over the
/// stages (the caches NAME_run gives it), `hotSeconds` repeated alone.
struct StageTime {
  std::string layer, function, kind;
  double macs = 0, seconds = 0, hotSeconds = 0;
};

struct BenchResult {
  bool ok = false;
  std::string error;
  std::string halideTarget; ///< the host's
  std::vector<StageTime> stages;
  double wholeSeconds = 0; ///< median of NAME_run, scratch given
  double macs = 0;         ///< of the whole network
  /// Measured fused multiply-adds per second of one thread: the machine's
  /// peak is this times the threads, on as many cores.
  double fmaPeakPerThread = 0;
};

/// Lower `net` as compileNetwork does for the host, JIT-compile it, and
/// time NAME_run and every stage (docs/cli.md, mnv3c bench). Never throws.
BenchResult benchNetwork(const Network &net, const BenchOptions &opts);

/// benchNetwork for each of `nets`, their runs interleaved: each of the
/// `opts.runs` runs calls every network once, in a shuffled order, so
/// their medians come from the same minutes. One result per network; if
/// any cannot be timed, each result has that error. Never throws.
std::vector<BenchResult> benchNetworks(const std::vector<const Network *> &nets,
                                       const BenchOptions &opts);

/// Map a user target to a Halide target string. Accepts
///   host, x86-64-avx512, x86-64-avx2, x86-64-sse41, x86-64, aarch64,
///   armv7-neon, or any raw Halide 14 target string ("arm-64-linux", ...).
/// "host" is resolved from the CPU's feature flags, not Halide's detection
/// (which claims avx512_sapphirerapids on Zen 4). On failure returns
/// nullopt and fills *error (if non-null) with a message listing the names.
std::optional<std::string> resolveTarget(const std::string &userTarget,
                                         std::string *error);

/// "" when `name` can prefix a generated library's symbols and files;
/// otherwise why not.
std::string checkName(const std::string &name);

/// "" when `threads` is a thread count the generated code supports.
std::string checkThreads(int threads);

/// "" when `opts` can be benchmarked; otherwise why not. Cheap.
std::string checkBenchOptions(const BenchOptions &opts);

/// "" when `opts` can be compiled (name, output directory, emit kinds,
/// target, threads, the firmware options agree, the input's mean and std
/// are finite and std positive); otherwise why not.
/// Cheap: callers check before any other work.
std::string checkEmitOptions(const EmitOptions &opts);

/// "" when `net` can take its input in `format`: mean/std count its input
/// channels and only convolutions read the input when it is not the
/// default (checkEmitOptions checks the values); otherwise why not. Cheap.
std::string checkInputFormat(const Network &net, const InputFormat &format);
/// "" when every mean is finite and every std positive and finite (what
/// checkEmitOptions can tell without the network); otherwise why not.
std::string checkInputValues(const InputFormat &format);

/// Validate layer shapes and weight sizes without compiling (cheap).
/// Returns an empty string when the network is well-formed.
std::string verifyNetwork(const Network &net);

} // namespace mnv3::codegen

#endif // MNV3_CODEGEN_CODEGEN_H
