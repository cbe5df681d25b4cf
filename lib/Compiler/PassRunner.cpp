//===- PassRunner.cpp - textual pass pipelines on a model -----------------===//

#include "mnv3c/Compiler.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mnv3;

LogicalResult mnv3::runPasses(ModuleOp module, StringRef pipeline,
                              const PassOptions &options) {
  PassManager manager(module.getContext());
  manager.enableVerifier(options.verifyEach);
  if (failed(parsePassPipeline(pipeline, manager, llvm::errs())))
    return failure();
  if (options.printIRAfterEach) {
    // Weights would drown the IR; their names stay visible in the handles.
    OpPrintingFlags flags;
    flags.elideLargeResourceString(16).elideLargeElementsAttrs(16);
    module.getContext()->disableMultithreading();
    manager.enableIRPrinting(
        /*shouldPrintBeforePass=*/[](Pass *, Operation *) { return false; },
        /*shouldPrintAfterPass=*/[](Pass *, Operation *) { return true; },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false,
        /*printAfterOnlyOnFailure=*/false, llvm::errs(), flags);
  }
  return manager.run(module);
}
