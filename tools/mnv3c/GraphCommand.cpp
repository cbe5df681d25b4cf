//===- GraphCommand.cpp - mnv3c graph: the model as a Graphviz picture ----===//

#include "Commands.h"

#include "ModelSession.h"

#include "mnv3c/Graph.h"


using namespace llvm;
using namespace mnv3;

cl::SubCommand mnv3::cli::graphCommand(
    "graph", "Draw the model (fused by default) as a Graphviz .dot file");

namespace {
cl::opt<std::string> input(cl::Positional, cl::Required, cl::sub(cli::graphCommand), cl::cat(cli::options),
                           cl::desc("<spec.mnv3 | model.mlir | model.onnx>"));
cl::opt<std::string> weights("weights", cl::sub(cli::graphCommand), cl::cat(cli::options),
                             cl::desc("Bind weights (not needed for the picture)"),
                             cl::value_desc("file"));
cl::opt<std::string> output("o", cl::sub(cli::graphCommand), cl::cat(cli::options), cl::init("-"),
                            cl::desc("Output .dot file (default: stdout)"),
                            cl::value_desc("file"));
cl::opt<std::string> passes("passes", cl::sub(cli::graphCommand), cl::cat(cli::options),
                            cl::init("mnv3-default"),
                            cl::desc("Pipeline to run first ('' for the "
                                     "imported primitive graph)"),
                            cl::value_desc("pipeline"));
} // namespace

int mnv3::cli::runGraph() {
  ModelSession session;
  mlir::ModuleOp module =
      session.load(input, weights, /*requireWeights=*/false, passes);
  if (!module)
    return 1;
  return writeOutputFile(output, [&](llvm::raw_ostream &os) {
    writeDot(getModelFunction(module), os);
  });
}
