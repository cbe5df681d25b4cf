//===- Codegen.h - mnv3 Halide back end: public API -------------*- C++ -*-===//
//
// Plain C++17 interface between the MLIR side and the Halide back end.
// This header deliberately includes neither Halide.h nor any LLVM/MLIR
// header, and nothing behind it throws: it is included from code built with
// -fno-exceptions -fno-rtti. Every failure comes back as Result::error.
//
// Tensor conventions
//  * Network input: NCHW float [1, inC, inH, inW] (batch 1).
//  * Network output: [1, classes] floats when the network ends in Linear;
//    a 3-D final tensor is written back in NCHW order.
//  * Between layers tensors live in one scratch arena, channels innermost
//    ([H][W][C]); this is private to the generated library.
//
// Generated library (NAME = EmitOptions::name)
//    int NAME_run(const float *input, float *output, void *scratch);
//  returns 0 or the Halide error code of the first failing layer (Halide's
//  default halide_error() prints and aborts first; a program that defines
//  its own halide_error gets the code back).
//  `scratch` is NAME_SCRATCH_BYTES bytes, 64-byte aligned, owned by the
//  caller, reused across calls, not shared between concurrent calls. With
//  scratch == NULL the library mallocs the arena (halide_malloc) on every
//  call and frees it before returning; pass a buffer for zero-malloc runs.
//  Other intermediates (sliding-window rows, tiles) are fixed-size stack
//  buffers (largest 294 KiB: MobileNetV3-Large features.13 at 224x224),
//  never heap; run on a thread with >= 512 KiB of stack.
//  Per-layer functions NAME_l<k>_<layer> (Halide buffer ABI) are also
//  exported for profiling; only NAME_run is declared in NAME.h.
//  NAME.a contains the Halide runtime; link with -lpthread -ldl -lm
//  (`nm -u` shows only libc/libpthread/libm symbols). Same inputs give
//  byte-identical files.
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_CODEGEN_CODEGEN_H
#define MNV3_CODEGEN_CODEGEN_H

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace mnv3::codegen {

enum class Activation {
  None,
  ReLU,
  ReLU6,
  HardSwish,
  HardSigmoid,
  Sigmoid,
  Swish
};

/// Convolution with BatchNorm already folded in. Dense (groups == 1),
/// depthwise (groups == inChannels == outChannels) or grouped; 1x1 is dense
/// with kernel 1. Output size follows PyTorch:
///   out = (in + 2*padding - dilation*(kernel-1) - 1) / stride + 1.
struct Conv {
  int inChannels = 0, outChannels = 0, kernel = 1, stride = 1, dilation = 1,
      padding = 0, groups = 1;
  Activation act = Activation::None;
  std::vector<float> weights; ///< PyTorch OIHW: [out][in/groups][k][k]
  std::vector<float> bias;    ///< [out], always present
};

/// x * gate(W2 * act(W1 * avgpool(x) + b1) + b2), per channel.
struct SqueezeExcite {
  int channels = 0, squeeze = 0;
  Activation act = Activation::ReLU;         ///< after the first FC
  Activation gate = Activation::HardSigmoid; ///< HardSigmoid or Sigmoid
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
  Activation act = Activation::None;
  std::vector<float> weights; ///< [out][in]
  std::vector<float> bias;    ///< [out]
};

struct GlobalAvgPool {};

struct Layer {
  std::string name; ///< e.g. "features.3"; used in symbol names and reports
  std::variant<Conv, Bneck, GlobalAvgPool, Linear> op;
  /// Shapes of the layer's input and output. Linear and GlobalAvgPool
  /// outputs have outH == outW == 1.
  int inC = 0, inH = 0, inW = 0, outC = 0, outH = 0, outW = 0;
};

struct Network {
  std::string name;
  int inC = 0, inH = 0, inW = 0;
  int classes = 0; ///< number of output floats when the net ends in Linear
  std::vector<Layer> layers;
};

struct EmitOptions {
  /// "host", a friendly name (see resolveTarget) or a raw Halide target.
  std::string target = "host";
  std::string outDir = "."; ///< created if missing
  std::string name;         ///< C identifier; defaults to Network::name
  /// Any of: lib (NAME.a), header (NAME.h), obj (NAME.o), asm (NAME.s),
  /// cpp (NAME.cpp, Halide C backend + NAME_runtime.o for the Halide
  /// runtime it calls), stmt (NAME.<layer>.stmt and .html per layer),
  /// stages (NAME.stages.txt: one line per stage with its symbol, layer,
  /// kind, MACs and buffer shapes, read by bench/stage_bench.cpp).
  std::set<std::string> emit = {"lib", "header"};
  int threads = 1; ///< >1: parallel rows, NAME_run sets the pool size
};

/// Per-stage record (one compiled Halide pipeline), for reports.
struct StageInfo {
  std::string layer;         ///< Layer::name
  std::string function;      ///< exported symbol of the stage
  std::string kind;          ///< "conv1x1", "bneck", "bneck.se-gate", ...
  double macs = 0;           ///< multiply-accumulates of the stage
  double compileSeconds = 0; ///< lowering time (LLVM codegen is done once
                             ///< for the linked module, see Result)
  /// Buffer arguments in call order (inputs, then outputs): extents and
  /// element strides of dims (c, x, y). Lets tools call a stage alone.
  std::vector<std::vector<int>> argExtents, argStrides;
};

struct Result {
  bool ok = false;
  std::string error;              ///< set when !ok
  std::vector<std::string> files; ///< paths written
  size_t scratchBytes = 0;        ///< NAME_SCRATCH_BYTES
  std::string halideTarget;       ///< resolved Halide target string
  std::vector<StageInfo> stages;
  double codegenSeconds = 0; ///< LLVM code generation of all emit kinds
};

/// Compile `net` into the files requested by `opts`. Never throws.
Result compileNetwork(const Network &net, const EmitOptions &opts);

/// Map a user target to a Halide target string. Accepts
///   host, x86-64-avx512, x86-64-avx2, x86-64-sse41, x86-64, aarch64,
///   armv7-neon, or any raw Halide 14 target string ("arm-64-linux", ...).
/// "host" is resolved from the CPU's feature flags, not Halide's detection
/// (which claims avx512_sapphirerapids on Zen 4). On failure returns
/// nullopt and fills *error (if non-null) with a message listing the names.
std::optional<std::string> resolveTarget(const std::string &userTarget,
                                         std::string *error);

/// Validate layer shapes and weight sizes without compiling (cheap).
/// Returns an empty string when the network is well-formed.
std::string verifyNetwork(const Network &net);

} // namespace mnv3::codegen

#endif // MNV3_CODEGEN_CODEGEN_H
