//===- Support.h - file I/O and diagnostics shared by the tools -*- C++ -*-===//

#ifndef MNV3C_SUPPORT_H
#define MNV3C_SUPPORT_H

#include "mnv3c/Tensor.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

namespace mnv3 {

/// Reads a raw little-endian f32 file holding exactly `shape`. Error messages
/// do not repeat the path: callers print them with reportFileError.
llvm::Expected<Tensor> readTensorFile(llvm::StringRef path,
                                      llvm::ArrayRef<int64_t> shape);
/// Writes `tensor`'s data as raw little-endian f32.
llvm::Error writeTensorFile(llvm::StringRef path, const Tensor &tensor);

/// Prints diagnostics as `file:line:col: error: message` with the source
/// line for files in `sourceMgr`, and as `file: error: message` for
/// locations without a position (weights files, line 0).
class DiagnosticPrinter {
public:
  DiagnosticPrinter(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context);
  ~DiagnosticPrinter();

private:
  mlir::SourceMgrDiagnosticHandler sourceHandler;
  mlir::DiagnosticEngine::HandlerID positionlessHandler;
  mlir::MLIRContext *context;
};

/// Prints `path: error: message` to stderr; returns 1, the exit code.
int reportFileError(llvm::StringRef path, const llvm::Twine &message);

} // namespace mnv3

#endif // MNV3C_SUPPORT_H
