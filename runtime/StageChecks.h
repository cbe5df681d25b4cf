//===- StageChecks.h - drop Halide's argument checks from stages -*- C++ -*-===//
//
// Private to the back end (includes Halide.h).
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_RUNTIME_STAGECHECKS_H
#define MNV3_RUNTIME_STAGECHECKS_H

#include "Halide.h"

namespace mnv3::runtime {

/// Removes the assertions that report through Halide's runtime from the
/// lowered functions of one stage. They
/// check the buffers NAME_run passes (null pointers, shapes, strides,
/// storage folding bounds), which are compile-time constants there, so
/// none can fail; each would otherwise call a halide_error_* function of
/// Halide's runtime, which the library does not contain.
void removeStageChecks(Halide::Module &module);

} // namespace mnv3::runtime

#endif // MNV3_RUNTIME_STAGECHECKS_H
