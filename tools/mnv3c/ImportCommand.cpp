//===- ImportCommand.cpp - mnv3c import: spec -> mnv3 IR -------------------===//

#include "Commands.h"

#include "ModelSession.h"

#include "mlir/IR/OperationSupport.h"

using namespace llvm;
using namespace mnv3;

cl::SubCommand mnv3::cli::importCommand(
    "import", "Print the mnv3 IR of a spec (or of IR after --passes)");

namespace {
cl::opt<std::string> input(cl::Positional, cl::Required, cl::sub(cli::importCommand), cl::cat(cli::options),
                           cl::desc("<spec.mnv3 | model.mlir | model.onnx>"));
cl::opt<std::string> weights("weights", cl::sub(cli::importCommand), cl::cat(cli::options),
                             cl::desc("Bind weights from a safetensors file"),
                             cl::value_desc("file"));
cl::opt<std::string> output("o", cl::sub(cli::importCommand), cl::cat(cli::options), cl::init("-"),
                            cl::desc("Output file (default: stdout)"),
                            cl::value_desc("file"));
cl::opt<std::string> passes("passes", cl::sub(cli::importCommand), cl::cat(cli::options),
                            cl::desc("Pass pipeline to run before printing, "
                                     "e.g. mnv3-default"),
                            cl::value_desc("pipeline"));
cl::opt<bool> printAfterAll(
    "print-ir-after-all", cl::sub(cli::importCommand), cl::cat(cli::options),
    cl::desc("Print the IR after every pass to stderr (weights elided)"));
cl::opt<bool> elideWeights(
    "elide-weights", cl::sub(cli::importCommand), cl::cat(cli::options),
    cl::desc("Print weight names but not their data (not re-runnable)"));
cl::opt<bool> printLocations(
    "print-locations", cl::sub(cli::importCommand), cl::cat(cli::options),
    cl::desc("Print each op's location: its torchvision module name and spec line"));
} // namespace

int mnv3::cli::runImport() {
  PassOptions options;
  options.printIRAfterEach = printAfterAll;
  ModelSession session;
  mlir::ModuleOp module =
      session.load(input, weights, /*requireWeights=*/false, passes, options);
  if (!module)
    return 1;
  mlir::OpPrintingFlags flags;
  if (elideWeights)
    flags.elideLargeResourceString(16).elideLargeElementsAttrs(16);
  if (printLocations)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false).useLocalScope();
  return writeOutputFile(output, [&](llvm::raw_ostream &os) { module->print(os, flags); });
}
