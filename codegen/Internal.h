//===- Internal.h - shared pieces of the Halide back end --------*- C++ -*-===//
//
// Private to codegen/: includes Halide.h and may throw Halide exceptions.
// Everything here is caught at the compileNetwork() boundary (Emit.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_CODEGEN_INTERNAL_H
#define MNV3_CODEGEN_INTERNAL_H

#include "Codegen.h"

#include "Halide.h"
#include "runtime/EntryPoints.h"

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mnv3::codegen {

/// A Func with exactly this name. Func("x") goes through Halide's
/// process-wide unique_name (a second compile in the same process would get
/// "x$1" and different .s/.o bytes); Internal::Function keeps the name.
inline Halide::Func namedFunc(const std::string &n) {
  return Halide::Func(Halide::Internal::Function(n));
}

/// Register-blocking parameters for one target family (Schedules.cpp;
/// docs/design.md §5).
struct Sched {
  Halide::Target target;
  int vec = 4;     ///< natural f32 lanes (16 AVX-512, 8 AVX2, 4 SSE/NEON)
  int pwVecs = 3;  ///< 1x1: vectors of output channels per tile
  int pwPx = 4;    ///< 1x1: pixels per tile (accumulators = pwVecs*pwPx)
  int dwVecs = 1;  ///< depthwise: vectors of channels per tile
  int dwPx = 8;    ///< depthwise: output pixels per tile
  int threads = 1; ///< >1: parallel row strips
  int stripsPerThread = 1; ///< row strips per thread (each restarts its window)
  const char *family = "";     ///< the row of Schedules.cpp that matched
  bool laneInputs = false;     ///< 1x1: 4 input channels per vector load
  bool fusedMultiplyAdd = false; ///< MACs as explicit fused calls
  /// >0: 1x1 convolutions take 4 input channels per call (multiplyAdd4,
  /// VMLA by lane) in tiles of 1 vector x up to lanePwPx pixels.
  int lanePwPx = 0;
};
Sched makeSched(const Halide::Target &t, int threads);

/// Largest power of two <= min(vec, extent); 1 when extent < 2. Used so that
/// a ShiftInwards split never exceeds the extent (small channel counts).
int vecFor(int extent, int vec);
/// Largest power of two <= vec that divides extent (no tail at all).
int vecDividing(int extent, int vec);

/// A tensor as the generated code sees it: up to 3 dims (c, x, y) with
/// constant extents and element strides. Arena tensors are dense
/// channels-innermost; the network input/output may be NCHW.
struct TensorDesc {
  std::vector<int> extent; ///< dim 0 = c, then x, y
  std::vector<int> stride;
  static TensorDesc chw(int C, int W, int H);  ///< channels innermost
  static TensorDesc nchw(int C, int W, int H); ///< PyTorch layout
  static TensorDesc vec(int C);
  size_t elements() const;
  int C() const { return extent[0]; }
  int W() const { return extent.size() > 1 ? extent[1] : 1; }
  int H() const { return extent.size() > 2 ? extent[2] : 1; }
};

/// Where a tensor lives at run time: the caller's input and output, the
/// scratch arena (activations and each stage's temporaries) or the
/// external weights blob.
enum class Loc { NetInput, NetOutput, Arena, Weights };
struct Tensor {
  TensorDesc desc;
  Loc loc = Loc::Arena;
  size_t offset = 0;         ///< bytes into the arena or the weights blob
  int first = -1, last = -1; ///< stage indices that write/read it
  bool bytes = false;        ///< uint8 elements (a camera frame), not f32
};

/// One compiled Halide pipeline and the tensors it is called with, in the
/// order of its buffer arguments (inputs first, then outputs).
struct PipeStage {
  std::string layer, function, kind;
  Halide::Module module{"", Halide::Target()};
  std::vector<int> args; ///< inputs, weights (external), outputs
  int scratch = -1;      ///< arena tensor of the stage's temporaries, if any
  double macs = 0, seconds = 0;
};

/// State shared by the per-family lowerings of one network.
struct LowerCtx {
  Sched sched;
  std::function<void(const std::string &)> progress; ///< EmitOptions::progress
  /// The target stages are lowered for: Sched::target plus the features
  /// that strip Halide's checks and pass each stage its scratch region.
  Halide::Target stageTarget;
  std::string prefix; ///< NAME
  /// A deque: lowerings hold references to tensors while adding more.
  std::deque<Tensor> tensors;
  std::vector<PipeStage> stages;
  std::set<std::string> emit;
  std::string outDir;
  int layerIndex = 0;
  std::string layerName;
  /// External weights: every weight tensor is a stage argument at an
  /// offset of this blob instead of a constant embedded in the code.
  bool externalWeights = false;
  std::vector<uint8_t> weightsPayload;
  /// NAME_run's input (EmitOptions::input) and its tensor id.
  InputFormat inputFormat;
  int netInput = -1;

  int newTensor(const TensorDesc &d) {
    tensors.push_back({d, Loc::Arena, 0, -1, -1});
    return (int)tensors.size() - 1;
  }
  /// Function name for the next stage of the current layer.
  std::string stageName(const std::string &suffix) const;
  /// The packed weight tensor as the current stage reads it: the constant
  /// itself, or (external weights) an input buffer placed in the blob.
  Halide::Func weights(const Halide::Buffer<float> &packed);
  /// Compile `outputs` (a pipeline over `inputs`) into a Module and record
  /// the stage. Inputs/outputs are tensor ids; the output buffers are
  /// constrained to the tensors' shapes.
  void addStage(const std::string &fn, const std::string &kind,
                const std::vector<Halide::ImageParam> &params,
                const std::vector<int> &inputs,
                const std::vector<Halide::Func> &outputs,
                const std::vector<int> &outs, double macs);

private:
  struct PendingWeight {
    Halide::ImageParam param;
    int tensor;
  };
  std::vector<PendingWeight> pendingWeights; ///< of the stage being built
};

/// An ImageParam whose shape and strides are the compile-time constants of
/// `d` (so bounds checks fold away and addressing is affine).
Halide::ImageParam makeInput(const TensorDesc &d, const std::string &name,
                             Halide::Type type = Halide::Float(32));
void constrainOutput(Halide::Func f, const TensorDesc &d);

/// The activation applied to `v` (Activations.cpp): NaN-preserving, no libm.
Halide::Expr activate(Halide::Expr v, Activation a);

/// Constant weight buffers embedded in the module. `name` must be unique
/// within the network (they become globals once modules are linked).
Halide::Buffer<float> constVector(const std::vector<float> &v,
                                  const std::string &name, int padTo = 0);
/// 1x1 weights [out][in] -> buffer (co, ci), co innermost (vector loads).
Halide::Buffer<float> constMatrixT(const std::vector<float> &w, int out, int in,
                                   const std::string &name);

/// Zero padding outside [0,W)x[0,H) for a (c, x, y) Func; `likely` lets
/// Halide's loop partitioning drop the select in the interior.
Halide::Func zeroPad(Halide::Func f, int W, int H, const std::string &name);

// Per-family lowerings (one file each). Each appends stages to ctx.
void lowerConv(LowerCtx &ctx, const Conv &conv, int in, int out);

/// Input preprocessing (InputFormat.cpp): whether `tensor` is the network's
/// input in a format other than float NCHW normalised; the input's
/// ImageParam of its element type; the input minus the mean per channel;
/// the 1/std folded into the weights of input channel `channel`.
bool readsFormattedInput(const LowerCtx &ctx, int tensor);
Halide::ImageParam makeNetworkInput(const LowerCtx &ctx, int tensor,
                                    const std::string &name);
Halide::Func centredInput(LowerCtx &ctx, const Halide::ImageParam &input,
                          const TensorDesc &desc, const std::string &stage);
float inputScale(const LowerCtx &ctx, int channel);
/// The input's C element type ("float", "uint8_t") and its layout with its
/// shape ("NCHW [1][3][224][224]").
const char *inputElementType(const InputFormat &format);
/// "nchw" or "nhwc", as the report and the inputs hash name it.
const char *inputLayoutName(const InputFormat &format);
std::string inputLayout(const InputFormat &format, int C, int H, int W);
/// 1x1 conv; optional residual tensor added after the activation, optional
/// per-input-channel gate tensor (SE) multiplied into the input.
void lowerPointwise(LowerCtx &ctx, const Conv &conv, int in, int out,
                    int residual = -1, int gateTensor = -1);
void lowerDepthwise(LowerCtx &ctx, const std::optional<Conv> &expand,
                    const Conv &dw, int in, int out);
void lowerBneck(LowerCtx &ctx, const Bneck &b, int in, int out);
void lowerSqueezeExcite(LowerCtx &ctx, const SqueezeExcite &se, int d,
                        int gate);
void lowerPool(LowerCtx &ctx, int in, int out);
/// Vectorises an element-wise (c, x, y) Func along the dimension `od`
/// stores contiguously; rows in parallel with threads (Joins.cpp).
void scheduleElementwise(Halide::Func f, const TensorDesc &od, const Sched &s);
/// out = in + other, element-wise (Joins.cpp).
void lowerAdd(LowerCtx &ctx, int in, int other, int out);
/// out(c, x, y) = in(c, x, y) * scale(c) (Joins.cpp).
void lowerChannelScale(LowerCtx &ctx, int in, int scale, int out);
/// Bilinear resize of `in` to the shape of `out` (Resize.cpp).
void lowerResizeBilinear(LowerCtx &ctx, int in, int out);
/// Copies arena tensor `in` into output tensor `out` (NCHW or a vector).
void lowerCopyOut(LowerCtx &ctx, int in, int out);

/// One layer result written into the caller's output buffer: an output,
/// or one part of an SSD prediction output.
struct OutputPlacement {
  std::string name; ///< of the output it is (a part of)
  int layer = 0;
  int C = 0, H = 0, W = 0;
  bool flat = false; ///< a vector [1, C] (after pooling), not a map
  /// Written [H][W][C] (a part of an SSD output [1, anchors, columns]),
  /// not NCHW.
  bool channelsLast = false;
  int columns = 0;   ///< of the SSD output
  size_t offset = 0; ///< floats from the start of the output buffer
  size_t floats() const { return (size_t)C * H * W; }
};
/// The network's outputs (named, or the last layer's result as "output"),
/// placed one after another, an SSD output part by part.
std::vector<OutputPlacement> placeOutputs(const Network &net);

/// An SSD network: outputs `bbox_regression` and `cls_logits` of SSD
/// predictions (Detection.cpp).
bool isSsd(const Network &net);
/// NAME_detect.h/.c (default boxes computed now, the decoder call) and the
/// decoder's sources mnv3_ssd.h/.c, into `dir`.
void writeSsdDecoder(const Network &net, const std::string &dir,
                     const std::string &name, std::vector<std::string> &files);

/// One named output as the header and the report describe it.
struct OutputShape {
  std::string name;
  size_t offset = 0, floats = 0;
  std::vector<int> shape; ///< [1, C, H, W], [1, C] or [1, anchors, columns]
};
std::vector<OutputShape> outputShapes(const std::vector<OutputPlacement> &placed);
void lowerLinear(LowerCtx &ctx, const Linear &l, int in, int out);

// Shared schedule of a register-blocked tile: `out` (pure, vectorised over
// c with ShiftInwards tails) computed from `acc` (bias + reduction) kept in
// registers per tile. Returns the vector width used.
struct TileVars {
  Halide::Var co{"co"}, ci{"ci"}, xo{"xo"}, xi{"xi"};
};
/// Tiles `out` (computing `acc` per tile); returns the channels per tile.
int scheduleTile(Halide::Func out, Halide::Func acc, int C, int W, int vecs,
                 int px, const Sched &s, const TileVars &v, bool outerCo,
                 const std::vector<Halide::RVar> &rvars);

/// Share of `threads` busy when `items` equal tasks are dealt out in
/// rounds (1 when they divide evenly; 7 rows on 2 threads: 7/8).
double threadBalance(int items, int threads);

/// Threads take chunks of `tilesPerChunk` of `out`'s channel tiles (its
/// loop `co`), the chunk loop outermost: for maps too small to split by
/// rows. `outer` lists out's loops outside `co`, innermost first.
void parallelChannelTiles(Halide::Func out, const TileVars &t,
                          int tilesPerChunk,
                          const std::vector<Halide::VarOrRVar> &outer,
                          Halide::TailStrategy tail);

/// (vectors, pixels) of the register tile for a C x W output row.
std::pair<int, int> chooseTile(int C, int W, int vec, int vecs, int px);
/// Pixels per 1-vector tile of a multiplyAdd4 1x1 convolution (<= maxPx).
int chooseLanePixels(int W, int maxPx);

/// acc + a * b as the target wants it (MultiplyAdd.cpp): a plain Halide
/// expression (LLVM fuses it where it can), or an explicit fused call.
Halide::Expr multiplyAdd(const Sched &s, Halide::Expr a, Halide::Expr b,
                         Halide::Expr acc);
/// acc + a[0]*b[0] + ... + a[3]*b[3]: four reduction steps of a 1x1
/// convolution in one call, for targets with laneMultiplyAdd.
Halide::Expr multiplyAdd4(const std::vector<Halide::Expr> &a,
                          const std::vector<Halide::Expr> &b, Halide::Expr acc);
/// Links the definitions the fused calls need into the library's module.
void addMultiplyAddCode(const Sched &s, Halide::Module &m);

/// A 1x1 convolution (Pointwise.cpp) whose weights are packed tile by tile,
/// [C / T][Cin][T] with zero padding, so each output-channel tile streams
/// one contiguous block of weights (cold weights come from DRAM at a
/// fraction of the speed when rows are Cout*4 bytes apart). The
/// accumulator is defined in tile coordinates acc(oi, k, x, y), c = k*T+oi.
struct PwKernel {
  Halide::Func acc, src;
  Halide::RDom r;
  int C = 0, vec = 1, vecs = 1, px = 1, T = 1;
  int stepsPerR = 1; ///< input channels per element of r (4: multiplyAdd4)
  Halide::Expr at(Halide::Expr c, Halide::Expr x, Halide::Expr y) const {
    return acc(c % T, c / T, x, y);
  }
};
PwKernel definePointwise(LowerCtx &ctx, const std::string &bufName,
                         const std::string &funcName, Halide::Func src,
                         const Conv &conv, int W);
/// Renames Halide's C-backend temporaries by first appearance, so the
/// same module always gives the same NAME.cpp (CSource.cpp).
void renumberCTemporaries(const std::string &path);

/// Tile `out` (pure, reads k.at(...)) by T channels (GuardWithIf: the
/// padded channels are computed, never stored) x px pixels (ShiftInwards).
/// channelTail: GuardWithIf for outputs (exact extents); an internal Func
/// (the expand of a bneck) uses RoundUp, its storage padded to whole tiles.
void schedulePointwise(
    Halide::Func out, PwKernel &k, const Sched &s, const TileVars &t,
    bool outerCo,
    Halide::TailStrategy channelTail = Halide::TailStrategy::GuardWithIf);

/// The funcs of an [expand ->] depthwise chain (Depthwise.cpp), shared by
/// the standalone depthwise stage, the SE bneck's first stage and the fused
/// bneck (which adds the projection on top).
struct DwParts {
  Halide::Func e, dacc, d; ///< e undefined without expand
  PwKernel ek;             ///< the expand conv (if any)
  Halide::RDom rk;
  int C = 0, Win = 0, Hin = 0, Wo = 0;
  int window = 1, stride = 1; ///< rows of e read per output row; row step
  int dilation = 1;
  TileVars dTile;         ///< d's tile loops
  int dTileChannels = 0;  ///< channels per tile of d
  double expandMacs = 0;
};
DwParts defineDepthwise(LowerCtx &ctx, const std::string &fn,
                        Halide::Func input, const TensorDesc &in,
                        const std::optional<Conv> &expand, const Conv &dw,
                        int Wo);
/// Tile d; if d is not `root` it is computed per row at `row`. e is
/// computed at `row` and stored (folded) at `strip`.
void scheduleDepthwise(DwParts &p, Halide::Func root, const Sched &s,
                       const Halide::LoopLevel &strip,
                       const Halide::LoopLevel &row);
/// Returns whether the strips run in parallel.
bool splitRows(Halide::Func root, int H, int window, const Sched &s,
               Halide::Var yo, Halide::Var yi);

/// Liveness-based arena offsets for the Loc::Arena tensors; returns the
/// arena's size.
size_t planMemory(std::deque<Tensor> &tensors, int numStages);
/// The stage manifest NAME.stages.txt (emit kind "stages").
std::string makeStageManifest(const std::vector<StageInfo> &stages);

/// What the emitted object code was measured to be (ObjectCode.cpp).
struct ObjectFacts {
  uint64_t codeBytes = 0;           ///< all executable sections
  uint64_t weightsSectionBytes = 0; ///< the section the weights are in
  uint64_t stackBytes = 0;          ///< NAME_STACK_BYTES
  std::map<std::string, uint64_t> functionBytes; ///< code per symbol
};
/// Compiles `m` to object code once, checks the symbols it needs from
/// outside, measures it, moves the weights to opts.weightsSection and
/// writes NAME.o / NAME.a as opts.emit asks. Throws on failure.
ObjectFacts emitObjectCode(const Halide::Module &m, const EmitOptions &opts,
                           const std::string &dir, const std::string &name,
                           std::vector<std::string> &files);

/// Everything NAME.h and NAME.report.json state about the library.
struct LibraryFacts {
  std::string name, network, target;
  size_t layers = 0, inFloats = 0, outFloats = 0;
  int inC = 0, inH = 0, inW = 0;
  size_t scratchBytes = 0, stackBytes = 0;
  size_t weightBytes = 0; ///< embedded constants, or the whole blob
  double macs = 0;
  int threads = 1;
  bool freestanding = false, externalWeights = false;
  std::string weightsSection; ///< where embedded weights are linked
  std::vector<OutputPlacement> outputs;
  bool namedOutputs = false; ///< a backbone's (the header describes each)
  uint64_t inputsHash = 0;   ///< NAME_INPUTS_HASH (provenanceHash)
  InputFormat input;         ///< NAME_run's input
};
/// NAME_INPUTS_HASH: the driver's hash (EmitOptions::inputsHash) with the
/// resolved target and every option that changes the generated code.
uint64_t provenanceHash(const EmitOptions &opts, const std::string &name,
                        const std::string &halideTarget);
std::string makeHeader(const LibraryFacts &facts);
std::string makeReport(const LibraryFacts &facts, const ObjectFacts &object,
                       const std::vector<StageInfo> &stages);

/// Canonical Vars shared by all algorithms (names matter for .stmt output).
struct Vars {
  Halide::Var c{"c"}, x{"x"}, y{"y"};
};

/// A network lowered into one Module (its stages and the entry points of
/// runtime/), before any file is written: what compile and bench share.
struct LoweredLibrary {
  LoweredLibrary(const std::string &name, const std::string &halideTarget,
                 const EmitOptions &opts);
  LowerCtx ctx;
  runtime::LibraryShape shape;
  Halide::Module module;
};
void lowerLibrary(const Network &net, LoweredLibrary &lib);

/// Runs `body`; returns "" or the message of the Halide or standard
/// exception it threw (nothing escapes the back end's public API).
std::string catchHalideErrors(const std::function<void()> &body);

/// `body()`, or a default R whose `error` is the message of what it threw.
template <class R, class F> R resultOrError(F &&body) {
  R res;
  std::string error = catchHalideErrors([&] { res = body(); });
  if (!error.empty()) {
    res = R();
    res.error = error;
  }
  return res;
}

} // namespace mnv3::codegen

#endif // MNV3_CODEGEN_INTERNAL_H
