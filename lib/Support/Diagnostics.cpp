//===- Diagnostics.cpp - one diagnostic format for every input ------------===//

#include "mnv3c/Support.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mnv3;

namespace {
/// The first file location in `loc` (NameLoc and FusedLoc wrap them).
std::optional<FileLineColLoc> findFileLoc(Location loc) {
  std::optional<FileLineColLoc> found;
  loc->walk([&](Location nested) {
    if (auto file = dyn_cast<FileLineColLoc>(nested)) {
      found = file;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return found;
}

StringRef severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}
} // namespace

DiagnosticPrinter::DiagnosticPrinter(llvm::SourceMgr &sourceMgr,
                                     MLIRContext *context, StringRef toolName)
    : sourceHandler(sourceMgr, context), context(context),
      toolName(toolName.str()) {
  // Users read specs, not generic IR: the location already says which op.
  context->printOpOnDiagnostic(false);
  // Registered last, so it sees each diagnostic first; it takes only those
  // whose file has no position and leaves the rest to the source handler.
  positionlessHandler =
      context->getDiagEngine().registerHandler([](Diagnostic &diag) {
        std::optional<FileLineColLoc> file = findFileLoc(diag.getLocation());
        if (!file || file->getLine() != 0)
          return failure();
        llvm::errs() << file->getFilename().getValue() << ": "
                     << severityName(diag.getSeverity()) << ": " << diag
                     << "\n";
        for (Diagnostic &note : diag.getNotes())
          llvm::errs() << file->getFilename().getValue() << ": note: " << note
                       << "\n";
        return success();
      });
  // Registered after both printers, so it sees each diagnostic before them;
  // taking one (success) hides it.
  capHandler =
      context->getDiagEngine().registerHandler([this](Diagnostic &diag) {
        switch (diag.getSeverity()) {
        case DiagnosticSeverity::Error:
          return success(errors.hide());
        case DiagnosticSeverity::Warning:
          return success(warnings.hide());
        default:
          return failure();
        }
      });
}

DiagnosticPrinter::~DiagnosticPrinter() {
  context->getDiagEngine().eraseHandler(capHandler);
  context->getDiagEngine().eraseHandler(positionlessHandler);
  if (warnings.hidden())
    llvm::errs() << toolName << ": warning: too many warnings ("
                 << warnings.hidden() << " more not shown)\n";
  if (errors.hidden())
    llvm::errs() << toolName << ": error: too many errors (" << errors.hidden()
                 << " more not shown)\n";
}

int mnv3::reportFileError(StringRef path, const llvm::Twine &message) {
  llvm::errs() << path << ": error: " << message << "\n";
  return 1;
}
