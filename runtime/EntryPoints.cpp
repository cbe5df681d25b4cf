//===- EntryPoints.cpp - NAME_run and friends as hand-made Halide IR -------===//
//
//   static int NAME_run_arena(input, output, arena [, weights]):
//     for each stage: if (stage(arena + scratch offset, buffers...)) return
//                     ERROR_INTERNAL
//   int NAME_run(input, output, scratch [, weights]):
//     check input, output, scratch [, weights and its header]
//     NAME_run_arena(..., align64(scratch))
//
// The library never allocates: the caller's scratch is the only memory it
// writes besides the output and its small stack.
// Every failure is an AssertStmt whose message is the code to return: with
// no Halide runtime linked, a failed AssertStmt just returns that value.
//
//===----------------------------------------------------------------------===//
#include "runtime/EntryPoints.h"

#include "runtime/Status.h"
#include "runtime/WeightsBlob.h"

#include <algorithm>

using namespace Halide;
using namespace Halide::Internal;

namespace mnv3::runtime {
namespace {

constexpr uint64_t kAlign = 64;

Expr asInt(Expr pointer) {
  return Call::make(UInt(64), Call::reinterpret, {pointer},
                    Call::PureIntrinsic);
}

Expr asPointer(Expr address) {
  return Call::make(Handle(), Call::reinterpret, {address},
                    Call::PureIntrinsic);
}

Expr addBytes(Expr pointer, uint64_t bytes) {
  if (!bytes)
    return pointer;
  return asPointer(asInt(pointer) + make_const(UInt(64), bytes));
}

Expr alignUp(Expr pointer) {
  Expr u = (asInt(pointer) + make_const(UInt(64), kAlign - 1)) &
           make_const(UInt(64), ~(kAlign - 1));
  return asPointer(u);
}

Expr isNull(Expr pointer) { return asInt(pointer) == make_const(UInt(64), 0); }

Stmt fail(Expr failed, Status status) {
  return AssertStmt::make(!failed, make_const(Int(32), code(status)));
}

/// word `index` (32-bit, little-endian) at the pointer named `name`.
Expr u32(uint32_t v) { return make_const(UInt(32), v); }

Expr loadWord(const std::string &name, int index) {
  return Load::make(UInt(32), name, index, Buffer<>(), Parameter(),
                    const_true(), ModulusRemainder());
}

LoweredArgument pointerArg(const std::string &name) {
  return LoweredArgument(
      Argument(name, Argument::InputScalar, Handle(), 0, ArgumentEstimates()));
}

/// Builds the calls to the stages; the halide_buffer_t structs are
/// allocated once and refilled for every stage, so the frame stays small.
class ArenaRunner {
public:
  explicit ArenaRunner(const LibraryShape &shape) : shape(shape) {
    for (const StageCall &stage : shape.stages)
      slots = std::max(slots, stage.buffers.size());
  }

  LoweredFunc build() {
    Expr arena = Variable::make(Handle(), "arena");
    std::vector<Stmt> body;
    if (shape.threads > 1)
      body.push_back(Evaluate::make(Call::make(Int(32),
                                               "halide_set_num_threads",
                                               {shape.threads}, Call::Extern)));
    for (const StageCall &stage : shape.stages) {
      // The stage's user context: `const void *`, as Halide declares it.
      Expr context = stage.scratchOffset
                         ? addBytes(arena, *stage.scratchOffset)
                         : arena;
      std::vector<Expr> args = {Call::make(type_of<const void *>(),
                                           Call::reinterpret, {context},
                                           Call::PureIntrinsic)};
      for (size_t i = 0; i < stage.buffers.size(); i++)
        args.push_back(buffer(stage.buffers[i], i));
      Expr result = Call::make(Int(32), stage.function, args, Call::Extern);
      body.push_back(
          AssertStmt::make(result == 0, code(Status::Internal)));
    }
    Stmt s = Block::make(body);
    // The shared halide_buffer_t / halide_dimension_t memory.
    for (size_t i = 0; i < slots; i++) {
      s = LetStmt::make(slotName(i, "buffer"),
                        Call::make(type_of<halide_buffer_t *>(), Call::alloca,
                                   {(int)sizeof(halide_buffer_t)},
                                   Call::Intrinsic),
                        s);
      s = LetStmt::make(slotName(i, "shape"),
                        Call::make(type_of<halide_dimension_t *>(),
                                   Call::alloca,
                                   {(int)(4 * sizeof(halide_dimension_t))},
                                   Call::Intrinsic),
                        s);
    }
    std::vector<LoweredArgument> args = {
        pointerArg("input"), pointerArg("output"), pointerArg("arena")};
    if (shape.externalWeights)
      args.push_back(pointerArg("weights"));
    return LoweredFunc(shape.prefix + "_run_arena", args, s,
                       LinkageType::Internal, NameMangling::C);
  }

private:
  const LibraryShape &shape;
  size_t slots = 0;

  static std::string slotName(size_t i, const char *what) {
    return std::string("mnv3.") + what + std::to_string(i);
  }

  Expr base(const BufferArg &arg) const {
    switch (arg.base) {
    case BufferArg::Base::Input:
      return Variable::make(Handle(), "input");
    case BufferArg::Base::Output: // a backbone has several outputs in it
      return addBytes(Variable::make(Handle(), "output"), arg.offset);
    case BufferArg::Base::Weights:
      return addBytes(Variable::make(Handle(), "weights"),
                      blob::kHeaderBytes + arg.offset);
    case BufferArg::Base::Arena:
      break;
    }
    return addBytes(Variable::make(Handle(), "arena"), arg.offset);
  }

  Expr buffer(const BufferArg &arg, size_t slot) const {
    BufferBuilder b;
    b.buffer_memory = Variable::make(type_of<halide_buffer_t *>(),
                                     slotName(slot, "buffer"));
    b.shape_memory = Variable::make(type_of<halide_dimension_t *>(),
                                    slotName(slot, "shape"));
    b.host = base(arg);
    b.type = arg.bytes ? UInt(8) : Float(32);
    b.dimensions = (int)arg.extent.size();
    for (size_t d = 0; d < arg.extent.size(); d++) {
      b.mins.push_back(0);
      b.extents.push_back(arg.extent[d]);
      b.strides.push_back(arg.stride[d]);
    }
    return b.build();
  }
};

/// Header checks of an external weights blob at `weights` (O(1)).
Stmt checkWeightsHeader(const LibraryShape &shape) {
  const std::string w = "weights";
  std::vector<Stmt> checks = {fail(isNull(Variable::make(Handle(), w)),
                                   Status::NullWeights)};
  Expr ok = loadWord(w, blob::Magic0) == u32(blob::kMagic0) &&
            loadWord(w, blob::Magic1) == u32(blob::kMagic1) &&
            loadWord(w, blob::Version) == u32(blob::kVersion) &&
            loadWord(w, blob::HeaderBytes) == u32(blob::kHeaderBytes) &&
            loadWord(w, blob::PayloadLow) ==
                u32((uint32_t)(shape.weightsPayloadBytes & 0xffffffffu)) &&
            loadWord(w, blob::PayloadHigh) ==
                u32((uint32_t)(shape.weightsPayloadBytes >> 32)) &&
            loadWord(w, blob::Fingerprint) == u32(shape.weightsFingerprint);
  checks.push_back(fail(!ok, Status::WeightsHeader));
  return Block::make(checks);
}

LoweredFunc buildRun(const LibraryShape &shape) {
  Expr in = Variable::make(Handle(), "input");
  Expr out = Variable::make(Handle(), "output");
  Expr scratch = Variable::make(Handle(), "scratch");
  std::vector<Expr> args = {in, out, alignUp(scratch)};
  if (shape.externalWeights)
    args.push_back(Variable::make(Handle(), "weights"));
  Expr rv = Variable::make(Int(32), "result");
  std::vector<Stmt> body = {fail(isNull(in), Status::NullInput),
                            fail(isNull(out), Status::NullOutput),
                            fail(isNull(scratch), Status::NullScratch)};
  if (shape.externalWeights)
    body.push_back(checkWeightsHeader(shape));
  body.push_back(LetStmt::make(
      "result",
      Call::make(Int(32), shape.prefix + "_run_arena", args, Call::Extern),
      AssertStmt::make(rv == 0, rv)));

  std::vector<LoweredArgument> params = {pointerArg("input"),
                                         pointerArg("output"),
                                         pointerArg("scratch")};
  if (shape.externalWeights)
    params.push_back(pointerArg("weights"));
  return LoweredFunc(shape.prefix + "_run", params, Block::make(body),
                     LinkageType::External, NameMangling::C);
}

/// NAME_check_weights(weights, bytes): sizes, header, then the checksum of
/// the payload, one pass.
LoweredFunc buildCheckWeights(const LibraryShape &shape) {
  Type sizeType = UInt(shape.pointerBits);
  Expr bytes = Variable::make(sizeType, "bytes");
  uint64_t total = blob::kHeaderBytes + shape.weightsPayloadBytes;
  const std::string hash = "mnv3.hash", words = "mnv3.payload";
  Expr hashValue = Load::make(UInt(32), hash, 0, Buffer<>(), Parameter(),
                              const_true(), ModulusRemainder());
  Expr i = Variable::make(Int(32), "mnv3.word");
  Stmt step = Store::make(hash,
                          (hashValue ^ Load::make(UInt(32), words, i,
                                                  Buffer<>(), Parameter(),
                                                  const_true(),
                                                  ModulusRemainder())) *
                              u32(blob::kFnvPrime),
                          0, Parameter(), const_true(), ModulusRemainder());
  Stmt loop = For::make("mnv3.word", 0,
                        (int)(shape.weightsPayloadBytes / 4), ForType::Serial,
                        DeviceAPI::None, step);
  Stmt checksum = Allocate::make(
      hash, UInt(32), MemoryType::Stack, {1}, const_true(),
      Block::make({Store::make(hash, make_const(UInt(32), blob::kFnvOffset),
                               0, Parameter(), const_true(),
                               ModulusRemainder()),
                   loop,
                   fail(hashValue != loadWord("weights", blob::Checksum),
                        Status::WeightsChecksum)}));
  checksum = LetStmt::make(
      words, addBytes(Variable::make(Handle(), "weights"), blob::kHeaderBytes),
      checksum);
  Stmt body = Block::make(
      {fail(isNull(Variable::make(Handle(), "weights")), Status::NullWeights),
       fail(bytes != make_const(sizeType, total), Status::WeightsSize),
       checkWeightsHeader(shape), checksum});
  return LoweredFunc(
      shape.prefix + "_check_weights",
      std::vector<LoweredArgument>{
          pointerArg("weights"),
          LoweredArgument(Argument("bytes", Argument::InputScalar, sizeType, 0,
                                   ArgumentEstimates()))},
      body, LinkageType::External, NameMangling::C);
}

/// NAME_release(): stops the worker threads of a --threads N library (the
/// next call starts them again); nothing to do otherwise.
LoweredFunc buildRelease(const LibraryShape &shape) {
  Stmt body = Evaluate::make(0);
  if (shape.threads > 1)
    body = Evaluate::make(Call::make(Int(32), "halide_shutdown_thread_pool",
                                     {}, Call::Extern));
  return LoweredFunc(shape.prefix + "_release",
                     std::vector<LoweredArgument>{}, body,
                     LinkageType::External, NameMangling::C);
}

} // namespace

size_t scratchBytes(const LibraryShape &shape) {
  return shape.arenaBytes + kAlign;
}

std::vector<LoweredFunc> buildEntryPoints(const LibraryShape &shape) {
  std::vector<LoweredFunc> fns = {ArenaRunner(shape).build(), buildRun(shape),
                                  buildRelease(shape)};
  if (shape.externalWeights)
    fns.push_back(buildCheckWeights(shape));
  return fns;
}

} // namespace mnv3::runtime
