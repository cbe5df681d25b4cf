//===- Passes.h - the passes and pipelines of mnv3c -------------*- C++ -*-===//

#ifndef MNV3C_PASSES_PASSES_H
#define MNV3C_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mnv3 {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Appends mnv3-default (see Pipelines.cpp) to a module-level pass manager.
void buildDefaultPipeline(mlir::OpPassManager &manager);

/// Registers every mnv3 pass and the named pipelines with the global registry.
void registerPasses();

} // namespace mnv3

#endif // MNV3C_PASSES_PASSES_H
