//===- Support.h - file I/O and diagnostics shared by the tools -*- C++ -*-===//

#ifndef MNV3C_SUPPORT_H
#define MNV3C_SUPPORT_H

#include "mnv3c/Tensor.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <string>

namespace mnv3 {

// Error messages of the readers below do not repeat the path: callers print
// them with reportFileError.

/// The size of `path` if it is a regular file; otherwise an error saying what
/// it is instead (a directory, a character device such as /dev/zero, a FIFO).
/// Readers ask before opening: a device can be endless, a FIFO blocks.
llvm::Expected<uint64_t> regularFileSize(llvm::StringRef path);

/// The whole of `path` ("-": stdin), if it is a regular file of at most
/// `maxBytes` (`what` names the input in the message when it is larger);
/// checked before anything is read, so memory stays bounded.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef path, uint64_t maxBytes, const llvm::Twine &what);

/// Where `text` shows it is not text: "a NUL byte at offset N" or "invalid
/// UTF-8 at offset N", whichever comes first; "" for text. Text readers
/// check this first, so a binary file gets one error, not one per line
/// quoting garbage.
std::string findBinaryContent(llvm::StringRef text);

/// What a file's first bytes (16 are enough) say it is.
enum class FileFormat {
  Unknown,
  Text,
  MlirBytecode,
  Safetensors,
  TorchZip, ///< torch.save since PyTorch 1.6 (.pth, .pt)
  Pickle,   ///< older torch.save
  Onnx,
};
FileFormat detectFileFormat(llvm::StringRef head, uint64_t size,
                            llvm::StringRef path);
/// "a PyTorch checkpoint (a zip archive, as torch.save writes)", ...
std::string describeFileFormat(FileFormat format);

/// What a file was given as.
enum class FileRole { Model, Weights, Tensor };
/// One error naming a file of `format` given as `role` and the fix, or ""
/// when the format may be that role (or is not recognised: the reader's
/// own checks then apply).
std::string misplacedFileMessage(FileFormat format, FileRole role);
/// The format of the regular file at `path` from its first bytes; Unknown
/// if it cannot be read (its reader then says why) or is stdin ("-").
FileFormat fileFormatOf(llvm::StringRef path);
/// misplacedFileMessage for the regular file at `path`, from its first
/// bytes; "" if it cannot be read (its reader then says why).
std::string checkFileRole(llvm::StringRef path, FileRole role);

/// A C identifier: a letter, then letters, digits and underscores. Model and
/// output names become symbols and macros of the generated code.
bool isCIdentifier(llvm::StringRef name);

/// `name` as a key of a `dense_resource` weight: MLIR prints keys bare and
/// reads back only identifiers ([A-Za-z_][A-Za-z0-9_$.]*), so any other
/// character becomes '_' and a key that would not start with a letter or
/// '_' ("0.weight" of a torch.nn.Sequential) gets a leading '_'.
std::string toResourceKey(llvm::StringRef name);

/// Reads a raw little-endian f32 file holding exactly `shape`.
llvm::Expected<Tensor> readTensorFile(llvm::StringRef path,
                                      llvm::ArrayRef<int64_t> shape);
/// Writes `tensor`'s data as raw little-endian f32.
llvm::Error writeTensorFile(llvm::StringRef path, const Tensor &tensor);

/// Prints diagnostics as `file:line:col: error: message` with the source
/// line for files in `sourceMgr`, and as `file: error: message` for
/// locations without a position (weights files, line 0).
///
/// This is also where every list of problems is capped, whoever emits it
/// (spec parser, weight binder, verifier, passes): the first
/// kMaxShownPerSeverity errors and as many warnings are printed; the rest are
/// counted, and one line `TOOL: error: too many errors (N more not shown)`
/// closes the output when the printer goes away. Hiding a diagnostic does
/// not change the failure its emitter returns.
class DiagnosticPrinter {
public:
  static constexpr unsigned kMaxShownPerSeverity = 20;

  DiagnosticPrinter(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                    llvm::StringRef toolName);
  ~DiagnosticPrinter();

private:
  struct Tally {
    unsigned seen = 0;
    bool hide() { return ++seen > kMaxShownPerSeverity; }
    unsigned hidden() const {
      return seen > kMaxShownPerSeverity ? seen - kMaxShownPerSeverity : 0;
    }
  };

  mlir::SourceMgrDiagnosticHandler sourceHandler;
  mlir::DiagnosticEngine::HandlerID positionlessHandler, capHandler;
  mlir::MLIRContext *context;
  std::string toolName;
  Tally errors, warnings;
};

/// Prints `path: error: message` to stderr; returns 1, the exit code.
int reportFileError(llvm::StringRef path, const llvm::Twine &message);

} // namespace mnv3

#endif // MNV3C_SUPPORT_H
