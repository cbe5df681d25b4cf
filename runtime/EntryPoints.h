//===- EntryPoints.h - the C entry points of a generated library -*- C++ -*-===//
//
// Private to the back end (includes Halide.h). The functions the header
// declares, built as Halide IR so that every emitted kind (.a, .o, .s, .cpp)
// contains them and no C compiler runs at compile time:
//
//   int NAME_run(const float *input, float *output, void *scratch
//                [, const void *weights]);
//   int NAME_check_weights(const void *weights, size_t bytes);  (external)
//   int NAME_release(void);
//
// They check their arguments, place every stage's buffers in the caller's
// scratch arena (aligned to 64 bytes here, so any scratch pointer works)
// and call the stages in order, returning a runtime::Status code.
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_RUNTIME_ENTRYPOINTS_H
#define MNV3_RUNTIME_ENTRYPOINTS_H

#include "Halide.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mnv3::runtime {

/// One buffer argument of a stage: a tensor at `offset` bytes from one of
/// the pointers NAME_run has, with constant extents and element strides.
struct BufferArg {
  enum class Base { Input, Output, Arena, Weights } base = Base::Arena;
  size_t offset = 0;
  std::vector<int> extent, stride;
  bool bytes = false; ///< uint8 elements (a camera-frame input), not f32
};

/// A call of one compiled stage: its scratch region (an arena offset) is
/// passed as the user context, then its buffers in argument order.
struct StageCall {
  std::string function;
  std::optional<size_t> scratchOffset;
  std::vector<BufferArg> buffers;
};

struct LibraryShape {
  std::string prefix; ///< NAME
  std::vector<StageCall> stages;
  size_t arenaBytes = 0; ///< the planned arena, without alignment slack
  int threads = 1;
  int pointerBits = 64; ///< of the target (size_t arguments)
  bool externalWeights = false;
  uint64_t weightsPayloadBytes = 0;
  uint32_t weightsFingerprint = 0;
};

/// Bytes the caller provides: the arena plus the slack that lets NAME_run
/// align any pointer to 64 bytes.
size_t scratchBytes(const LibraryShape &shape);

/// NAME_run (and its internal helper), NAME_release and, with external
/// weights, NAME_check_weights.
std::vector<Halide::Internal::LoweredFunc>
buildEntryPoints(const LibraryShape &shape);

} // namespace mnv3::runtime

#endif // MNV3_RUNTIME_ENTRYPOINTS_H
