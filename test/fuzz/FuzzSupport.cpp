//===- FuzzSupport.cpp - what the libFuzzer harnesses share ---------------===//

#include "FuzzSupport.h"

#include "mnv3c/Compiler.h"

#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>

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
