//===- ScratchAllocations.h - temporaries in the caller's arena -*- C++ -*-===//
//
// Private to the back end (includes Halide.h). See ScratchAllocations.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_RUNTIME_SCRATCHALLOCATIONS_H
#define MNV3_RUNTIME_SCRATCHALLOCATIONS_H

#include "Halide.h"

#include <string>
#include <vector>

namespace mnv3::runtime {

struct ScratchPlan {
  size_t bytes = 0; ///< the stage's scratch region, a multiple of 64
  /// Allocations that could not be placed (not constant-sized, unsupported
  /// parallelism); the stage must not be emitted when this is not empty.
  std::vector<std::string> problems;
};

/// Rewrites the lowered functions of one compiled stage (the stage and the
/// closures of its parallel loops) so that every temporary buffer that
/// would live on the heap or in a large stack frame is addressed at a fixed
/// offset from the stage's user context, a 64-byte aligned pointer to
/// `bytes` of caller-owned scratch.
ScratchPlan moveAllocationsToScratch(Halide::Module &module);

} // namespace mnv3::runtime

#endif // MNV3_RUNTIME_SCRATCHALLOCATIONS_H
