//===- FuzzSupport.cpp - what the libFuzzer harnesses share ---------------===//

#include "FuzzSupport.h"

#include "mnv3c/Compiler.h"

#include "mlir/Parser/Parser.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>
#include <vector>

using namespace mlir;

void mnv3::fuzz::fail(llvm::StringRef broken) {
  llvm::errs() << "mnv3 fuzz: broken promise: " << broken << "\n";
  std::abort();
}

mnv3::fuzz::ErrorCounter::ErrorCounter(MLIRContext &context)
    : handler(&context, [this](Diagnostic &diag) {
        if (diag.getSeverity() == DiagnosticSeverity::Error)
          ++errors;
        llvm::errs() << diag.getLocation() << ": " << diag << "\n";
        return success();
      }) {}

static std::string print(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return text;
}

void mnv3::fuzz::checkPrintsAndReadsBack(ModuleOp module) {
  std::string first = print(module);
  MLIRContext context(MLIRContext::Threading::DISABLED);
  loadDialects(&context);
  OwningOpRef<ModuleOp> reread = parseSourceString<ModuleOp>(first, &context);
  if (!reread)
    fail("a module it accepted does not read back from its printed form");
  if (print(*reread) != first)
    fail("a module it accepted prints differently after reading it back");
}

namespace {
std::vector<std::string> &filesToRemove() {
  static std::vector<std::string> files;
  return files;
}
void removeInputFiles() {
  for (const std::string &file : filesToRemove())
    llvm::sys::fs::remove(file);
}
} // namespace

mnv3::fuzz::InputFile::InputFile(llvm::StringRef harness,
                                 llvm::StringRef suffix) {
  llvm::SmallString<128> path;
  if (llvm::sys::fs::createTemporaryFile(harness, suffix, path)) {
    llvm::errs() << harness << ": cannot create a temporary file\n";
    std::exit(1);
  }
  filePath = path.str().str();
  if (filesToRemove().empty())
    std::atexit(removeInputFiles);
  filesToRemove().push_back(filePath);
}

void mnv3::fuzz::InputFile::write(llvm::StringRef bytes) {
  std::error_code error;
  llvm::raw_fd_ostream os(filePath, error);
  os << bytes;
  os.close();
  if (error || os.has_error()) {
    llvm::errs() << "mnv3 fuzz: cannot write " << filePath << "\n";
    std::exit(1);
  }
}

void mnv3::fuzz::checkLoadModel(llvm::StringRef path) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  ErrorCounter errors(context);
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module =
      loadModel(sourceMgr, &context, path, /*weightsPath=*/"",
                /*requireWeights=*/false);
  if (bool(module) == (errors.count() > 0))
    fail(module ? "loadModel accepted a model and reported an error"
                : "loadModel rejected a model without saying why");
  if (!module)
    return;
  if (!getModelFunction(*module))
    fail("loadModel accepted a module without a model function");
  checkPrintsAndReadsBack(*module);
}
