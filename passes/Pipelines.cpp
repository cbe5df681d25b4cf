//===- Pipelines.cpp - named pipelines of mnv3c ----------------------------===//
//
// mnv3-default is what `mnv3c compile` runs: fold BatchNorm first (fusion
// patterns expect plain convolutions with biases), then activations, then
// the SE subgraphs (which need their activations settled) and finally whole
// inverted-residual blocks (which need SE fused). Canonicalization between
// steps drops the dead weights and folds trivial ops.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

void mnv3::buildDefaultPipeline(mlir::OpPassManager &manager) {
  mlir::OpPassManager &function = manager.nest<mlir::func::FuncOp>();
  function.addPass(createFoldBatchNormPass());
  function.addPass(createFuseActivationPass());
  function.addPass(createFuseSqueezeExcitePass());
  function.addPass(createFuseInvertedResidualPass());
  function.addPass(mlir::createCanonicalizerPass());
}

void mnv3::registerPasses() {
  registerMNV3Passes();
  mlir::PassPipelineRegistration<>(
      "mnv3-default",
      "Fold BatchNorm, then fuse activations, squeeze-excite and "
      "inverted-residual blocks: the pipeline mnv3c compile runs",
      buildDefaultPipeline);
}
