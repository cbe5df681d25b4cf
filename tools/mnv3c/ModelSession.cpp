//===- ModelSession.cpp - load, bind and transform a model for a command --===//

#include "ModelSession.h"

#include "RandomWeights.h"
#include "mnv3c/Importer.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mnv3;
using namespace mnv3::cli;

mlir::ModuleOp ModelSession::load(llvm::StringRef input, llvm::StringRef weights,
                                  bool requireWeights, llvm::StringRef passes,
                                  const PassOptions &options) {
  module = loadModel(sourceMgr, &context, input, weights, requireWeights);
  if (!module)
    return nullptr;
  if (passes.empty())
    return *module;
  // A pipeline may hold upstream passes too (symbol-dce, inline, ...), which
  // can leave something that is no longer a model.
  if (failed(runPasses(*module, passes, options)) ||
      !verifyModelFunction(*module))
    return nullptr;
  return *module;
}

mlir::FailureOr<mnv3::codegen::Network>
mnv3::cli::ModelSession::loadNetwork(llvm::StringRef input,
                                     llvm::StringRef weights,
                                     llvm::StringRef passes) {
  mlir::ModuleOp loaded = load(input, weights, /*requireWeights=*/true, passes);
  if (!loaded)
    return mlir::failure();
  return lowerToNetwork(getModelFunction(loaded));
}

void ModelSession::addSourceFile(
    std::unique_ptr<llvm::MemoryBuffer> buffer) {
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
}

std::optional<Spec> ModelSession::parseSpecText(llvm::StringRef text,
                                                llvm::StringRef bufferName) {
  // A manager of its own: parseSpec reads its main buffer, while the
  // diagnostics quote whatever this session's manager holds by that name.
  llvm::SourceMgr parsed;
  parsed.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, bufferName), llvm::SMLoc());
  return parseSpec(parsed, &context);
}

mlir::FailureOr<codegen::Network>
ModelSession::buildWithRandomWeights(const Spec &spec, uint64_t seed,
                                     llvm::StringRef passes) {
  loadDialects(&context);
  module = importSpec(spec, &context);
  if (!module || !verifyModelFunction(*module))
    return mlir::failure();
  return randomizeAndLower(seed, passes);
}

mlir::FailureOr<codegen::Network>
ModelSession::loadWithRandomWeights(llvm::StringRef input, uint64_t seed,
                                    llvm::StringRef passes) {
  if (!load(input, /*weights=*/"", /*requireWeights=*/false, /*passes=*/""))
    return mlir::failure();
  return randomizeAndLower(seed, passes);
}

mlir::FailureOr<codegen::Network>
ModelSession::randomizeAndLower(uint64_t seed, llvm::StringRef passes) {
  fillRandomWeights(*module, seed);
  if (failed(runPasses(*module, passes, PassOptions())) ||
      !verifyModelFunction(*module))
    return mlir::failure();
  return lowerToNetwork(getModelFunction(*module));
}

bool mnv3::cli::refused(const std::string &problem) {
  if (problem.empty())
    return false;
  llvm::errs() << "mnv3c: error: " << problem << "\n";
  return true;
}

int mnv3::cli::writeOutputFile(llvm::StringRef path,
                               llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string error;
  auto file = mlir::openOutputFile(path, &error);
  if (!file)
    return reportFileError(path, error);
  write(file->os());
  file->keep();
  return 0;
}
