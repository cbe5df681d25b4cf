//===- mnv3c.cpp - the user-facing driver ----------------------------------===//
//
// mnv3c SUBCOMMAND [options]: import, run, compile, graph, bench, lut. Each
// subcommand lives in its own file; this is only dispatch.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "codegen/Codegen.h"
#include "passes/Passes.h"

#include "mlir/Transforms/Passes.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace mnv3::cli;

llvm::cl::OptionCategory mnv3::cli::options("mnv3c options");

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // --passes accepts every mnv3 pass and the upstream ones (canonicalize, cse).
  mlir::registerTransformsPasses();
  mnv3::registerPasses();
  llvm::cl::HideUnrelatedOptions(options);
  llvm::cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "mnv3c " << mnv3::codegen::mnv3cVersion() << "\n  MLIR/LLVM "
       << LLVM_VERSION_STRING << ", Halide " << mnv3::codegen::halideVersion()
       << "\n";
  });
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "mnv3c: ahead-of-time compiler for MobileNetV3-family networks\n\n"
      "  mnv3c import SPEC [--weights W] [-o OUT.mlir]   print the mnv3 IR\n"
      "  mnv3c run MODEL --weights W --input IN          reference-evaluate\n"
      "  mnv3c compile MODEL --weights W -o DIR          static library + header\n"
      "  mnv3c graph MODEL -o model.dot                  draw the fused graph\n"
      "  mnv3c bench MODEL --weights W [--json OUT]      time it on this CPU\n"
      "  mnv3c lut SPACE -o TABLE.json                   latency of every block\n\n"
      "Run 'mnv3c SUBCOMMAND --help' for the options of each.\n");
  if (importCommand)
    return runImport();
  if (runCommand)
    return runRun();
  if (graphCommand)
    return runGraph();
  if (compileCommand)
    return runCompile();
  if (benchCommand)
    return runBench();
  if (lutCommand)
    return runLut();
  llvm::errs() << "mnv3c: error: expected a subcommand (import, run, compile, graph, bench, lut); see "
                  "'mnv3c --help'\n";
  return 1;
}
