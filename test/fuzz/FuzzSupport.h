//===- FuzzSupport.h - what the libFuzzer harnesses share -------*- C++ -*-===//
//
// Each harness builds everything it needs for one input from scratch (a new
// MLIRContext included), so a saved input replays exactly: no state carries
// over from the inputs before it.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_TEST_FUZZ_FUZZSUPPORT_H
#define MNV3C_TEST_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace mnv3::fuzz {

/// The input as text.
inline llvm::StringRef asText(const uint8_t *data, size_t size) {
  return llvm::StringRef(reinterpret_cast<const char *>(data), size);
}

/// Stops the run: the code under test broke one of its promises for this
/// input. libFuzzer saves the input as crash-<sha1> (abort is a crash).
[[noreturn]] void fail(llvm::StringRef broken);

/// Prints the diagnostics of `context` as the tools do (the fuzz scripts
/// send them to /dev/null) and counts the errors, so a harness can check
/// that every rejection says why.
class ErrorCounter {
public:
  explicit ErrorCounter(mlir::MLIRContext &context);
  unsigned count() const { return errors; }

private:
  unsigned errors = 0;
  mlir::ScopedDiagnosticHandler handler;
};

/// One temporary file (under $TMPDIR, removed at exit) that holds each
/// input in turn, for harnesses of calls that read a path. Its suffix is
/// what loadModel dispatches on (".mlir", ".onnx").
class InputFile {
public:
  InputFile(llvm::StringRef harness, llvm::StringRef suffix);
  void write(llvm::StringRef bytes);
  llvm::StringRef path() const { return filePath; }

private:
  std::string filePath;
};

/// loadModel on `path` as every mnv3c command reads a model file (without
/// weights), then the promises of any model it accepts: rejected inputs
/// come with an error and accepted ones without, an accepted module has a
/// model function and prints and reads back to the same text.
void checkLoadModel(llvm::StringRef path);

/// Prints `module`, reads the text back into a new context and prints it
/// again: both texts must be equal, or fail(). This is what `mnv3c import`
/// and mnv3-opt promise for any module they accept.
void checkPrintsAndReadsBack(mlir::ModuleOp module);

} // namespace mnv3::fuzz

#endif // MNV3C_TEST_FUZZ_FUZZSUPPORT_H
