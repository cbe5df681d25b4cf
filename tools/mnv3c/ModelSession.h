//===- ModelSession.h - what every mnv3c subcommand starts with -*- C++ -*-===//

#ifndef MNV3C_TOOLS_MODELSESSION_H
#define MNV3C_TOOLS_MODELSESSION_H

#include "codegen/Codegen.h"
#include "mnv3c/Compiler.h"
#include "mnv3c/Spec.h"
#include "mnv3c/Support.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace mnv3::cli {

/// A context whose diagnostics quote the input file, and the model loaded
/// into it: spec or IR, weights bound, the requested pipeline run.
class ModelSession {
public:
  ModelSession() : diagnostics(sourceMgr, &context, "mnv3c") {}

  /// The model, or null after the reason was reported. An empty `passes`
  /// runs nothing.
  mlir::ModuleOp load(llvm::StringRef input, llvm::StringRef weights,
                      bool requireWeights, llvm::StringRef passes,
                      const PassOptions &options = PassOptions());

  /// The model with its weights, fused by `passes` and lowered to the code
  /// generator's layers, or failure after the reason was reported.
  mlir::FailureOr<codegen::Network> loadNetwork(llvm::StringRef input,
                                                llvm::StringRef weights,
                                                llvm::StringRef passes);

  /// Makes diagnostics at `buffer`'s identifier quote it: a file a command
  /// reads itself.
  void addSourceFile(std::unique_ptr<llvm::MemoryBuffer> buffer);

  /// `text` parsed as a spec; its errors are reported at `bufferName`, and
  /// quote the file of that name if addSourceFile added it.
  std::optional<Spec> parseSpecText(llvm::StringRef text,
                                    llvm::StringRef bufferName);

  /// `spec` (parsed in this session) imported, with seeded random weights
  /// (RandomWeights.h), fused by `passes` and lowered; or failure after
  /// the reason was reported.
  mlir::FailureOr<codegen::Network>
  buildWithRandomWeights(const Spec &spec, uint64_t seed,
                         llvm::StringRef passes);

  /// The model in file `input` (a spec, or IR whose weights are
  /// placeholders) with seeded random weights, fused and lowered as
  /// buildWithRandomWeights does; or failure after the reason was reported.
  mlir::FailureOr<codegen::Network>
  loadWithRandomWeights(llvm::StringRef input, uint64_t seed,
                        llvm::StringRef passes);

  mlir::MLIRContext &getContext() { return context; }

private:
  /// The loaded module's placeholders filled, `passes` run, lowered.
  mlir::FailureOr<codegen::Network> randomizeAndLower(uint64_t seed,
                                                      llvm::StringRef passes);

  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  DiagnosticPrinter diagnostics;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// True, after printing "mnv3c: error: PROBLEM", when `problem` is not
/// empty: the back end's checks return "" or why not.
bool refused(const std::string &problem);

/// Writes `path` ("-" for stdout) with `write`; returns the exit code.
int writeOutputFile(llvm::StringRef path,
                    llvm::function_ref<void(llvm::raw_ostream &)> write);

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_MODELSESSION_H
