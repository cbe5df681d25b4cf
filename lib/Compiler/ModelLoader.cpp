//===- ModelLoader.cpp - spec or IR in, bound mnv3 module out -------------===//

#include "mnv3c/Compiler.h"
#include "mnv3c/Importer.h"
#include "mnv3c/Safetensors.h"
#include "mnv3c/Support.h"

#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mnv3;

void mnv3::loadDialects(MLIRContext *context) {
  context->loadDialect<MNV3Dialect, func::FuncDialect>();
}

func::FuncOp mnv3::getModelFunction(ModuleOp module) {
  auto functions = module.getOps<func::FuncOp>();
  if (std::distance(functions.begin(), functions.end()) != 1)
    return nullptr;
  return *functions.begin();
}

OwningOpRef<ModuleOp> mnv3::loadModel(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context, StringRef inputPath,
                                      StringRef weightsPath,
                                      bool requireWeights) {
  loadDialects(context);
  auto file = llvm::MemoryBuffer::getFileOrSTDIN(inputPath, /*IsText=*/true);
  if (!file) {
    reportFileError(inputPath, "cannot read: " + file.getError().message());
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());

  OwningOpRef<ModuleOp> module;
  if (inputPath.ends_with(".mlir")) {
    module = parseSourceFile<ModuleOp>(sourceMgr, context);
    if (module && !getModelFunction(*module)) {
      emitError(module->getLoc()) << "expected exactly one func.func (the model)";
      return nullptr;
    }
  } else {
    std::optional<Spec> spec = parseSpec(sourceMgr, context);
    if (spec)
      module = importSpec(*spec, context);
  }
  if (!module)
    return nullptr;

  if (!weightsPath.empty()) {
    llvm::Expected<SafetensorsFile> weights = SafetensorsFile::open(weightsPath);
    if (!weights) {
      reportFileError(weightsPath, llvm::toString(weights.takeError()));
      return nullptr;
    }
    if (failed(bindWeights(*module, *weights, weightsPath)))
      return nullptr;
  }
  if (requireWeights && failed(checkWeightsBound(*module)))
    return nullptr;
  return module;
}
