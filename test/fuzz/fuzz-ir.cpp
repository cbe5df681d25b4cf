//===- fuzz-ir.cpp - libFuzzer harness: mnv3 IR as mnv3c reads it ----------===//
//
// Any bytes as a model.mlir, through loadModel: the call by which `mnv3c
// import|run|compile|graph MODEL.mlir` read IR (parse with the dialects
// loaded, verify, check the model function). loadModel reads a path, so each
// input is first written to one temporary file (under $TMPDIR). Besides
// sanitizer findings, a run fails if
//  - a model is rejected without an error, or accepted with one;
//  - an accepted module has no model function;
//  - it does not print and read back to the same text.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mnv3c/Compiler.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;
using namespace mnv3;

static llvm::SmallString<128> inputPath;

static void removeInputFile() { llvm::sys::fs::remove(inputPath); }

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  if (llvm::sys::fs::createTemporaryFile("fuzz-ir", "mlir", inputPath)) {
    llvm::errs() << "fuzz-ir: cannot create a temporary file\n";
    std::exit(1);
  }
  std::atexit(removeInputFile);
  return 0;
}

static void writeInputFile(llvm::StringRef text) {
  std::error_code error;
  llvm::raw_fd_ostream os(inputPath, error);
  os << text;
  os.close();
  if (error || os.has_error()) {
    llvm::errs() << "fuzz-ir: cannot write " << inputPath << "\n";
    std::exit(1);
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  writeInputFile(fuzz::asText(data, size));
  MLIRContext context(MLIRContext::Threading::DISABLED);
  fuzz::ErrorCounter errors(context);
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module =
      loadModel(sourceMgr, &context, inputPath, /*weightsPath=*/"",
                /*requireWeights=*/false);
  if (bool(module) == (errors.count() > 0))
    fuzz::fail(module ? "loadModel accepted a model and reported an error"
                      : "loadModel rejected a model without saying why");
  if (!module)
    return 0;
  if (!getModelFunction(*module))
    fuzz::fail("loadModel accepted a module without a model function");
  fuzz::checkPrintsAndReadsBack(*module);
  return 0;
}
