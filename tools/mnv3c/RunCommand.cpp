//===- RunCommand.cpp - mnv3c run: reference-evaluate a model -------------===//

#include "Commands.h"
#include "ModelSession.h"

#include "dialects/MNV3Dialect.h"
#include "mnv3c/Evaluator.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace llvm;
using namespace mnv3;

cl::SubCommand mnv3::cli::runCommand(
    "run", "Run a model with the reference evaluator on a raw f32 input");

namespace {
cl::opt<std::string> input(cl::Positional, cl::Required, cl::sub(cli::runCommand), cl::cat(cli::options),
                           cl::desc("<spec.mnv3 | model.mlir | model.onnx>"));
cl::opt<std::string> weights("weights", cl::sub(cli::runCommand), cl::cat(cli::options),
                             cl::desc("Weights (safetensors); optional for IR "
                                      "that carries its weights"),
                             cl::value_desc("file"));
cl::opt<std::string> inputFile("input", cl::sub(cli::runCommand), cl::cat(cli::options), cl::Required,
                               cl::desc("Input: raw little-endian f32, NCHW [1,C,H,W]"),
                               cl::value_desc("file"));
cl::opt<std::string> outputFile("output", cl::sub(cli::runCommand), cl::cat(cli::options),
                                cl::desc("Write the logits as raw f32 [1,classes], "
                                         "or a backbone's outputs one after "
                                         "another (default: print the top 5 "
                                         "or the outputs' shapes)"),
                                cl::value_desc("file"));
cl::opt<std::string> passes("passes", cl::sub(cli::runCommand), cl::cat(cli::options),
                            cl::desc("Pass pipeline to run before evaluating"),
                            cl::value_desc("pipeline"));
cl::list<std::string> dumps(
    "dump", cl::sub(cli::runCommand), cl::cat(cli::options),
    cl::desc("Write the tensor produced by the op named NAME (a torchvision "
             "module path such as features.3.block.1.2) to FILE; repeatable"),
    cl::value_desc("NAME=FILE"));
cl::opt<std::string> dumpFeatures(
    "dump-features", cl::sub(cli::runCommand), cl::cat(cli::options),
    cl::desc("Write the pre-pool feature map (torchvision's model.features "
             "output) to FILE"),
    cl::value_desc("file"));

/// Whether `op` carries `name` among its location names (fused ops carry
/// the names of everything fused into them).
bool hasName(mlir::Operation *op, StringRef name) {
  bool found = false;
  op->getLoc()->walk([&](mlir::Location loc) {
    if (auto named = dyn_cast<mlir::NameLoc>(loc))
      found |= named.getName() == name;
    return mlir::WalkResult::advance();
  });
  return found;
}

/// The op whose result the network's final pooling averages (or, when
/// canonicalization dropped a pool of a 1x1 map, the one flatten reads).
mlir::Operation *findFeatureProducer(mlir::func::FuncOp function) {
  mlir::Operation *producer = nullptr;
  for (mlir::Operation &op : function.getBody().getOps())
    if (isa<mnv3::GlobalAvgPoolOp, mnv3::FlattenOp>(op) &&
        !isa_and_nonnull<mnv3::GlobalAvgPoolOp>(op.getOperand(0).getDefiningOp()))
      producer = op.getOperand(0).getDefiningOp();
  return producer;
}

void printTopClasses(const Tensor &logits, size_t count) {
  std::vector<size_t> order(logits.data.size());
  std::iota(order.begin(), order.end(), 0);
  count = std::min(count, order.size());
  std::partial_sort(order.begin(), order.begin() + count, order.end(),
                    [&](size_t a, size_t b) { return logits.data[a] > logits.data[b]; });
  outs() << "top-" << count << " classes:";
  for (size_t i = 0; i < count; ++i)
    outs() << " " << order[i] << " (" << logits.data[order[i]] << ")";
  outs() << "\n";
}
/// "stride8 [1, 40, 28, 28] rms 0.51" per output of a backbone.
void printOutputShapes(mlir::func::FuncOp function,
                       const std::vector<Tensor> &results) {
  for (auto [index, result] : llvm::enumerate(results)) {
    double squares = 0;
    for (float v : result.data)
      squares += double(v) * v;
    outs() << getOutputName(function, index) << " " << formatShape(result.shape) << " rms "
           << std::sqrt(squares / std::max<size_t>(1, result.data.size()))
           << "\n";
  }
}
} // namespace

int mnv3::cli::runRun() {
  StringMap<std::string> dumpFiles;
  for (StringRef dump : dumps) {
    auto [name, file] = dump.split('=');
    if (name.empty() || file.empty()) {
      errs() << "mnv3c: error: --dump expects NAME=FILE, got '" << dump << "'\n";
      return 1;
    }
    dumpFiles[name] = file.str();
  }

  ModelSession session;
  mlir::ModuleOp module =
      session.load(input, weights, /*requireWeights=*/true, passes);
  if (!module)
    return 1;
  mlir::func::FuncOp function = getModelFunction(module);
  // The session verified the model function: one tensor<1xCxHxWxf32> input.
  auto inputType = cast<mlir::RankedTensorType>(function.getArgumentTypes()[0]);
  Expected<Tensor> image = readTensorFile(inputFile, inputType.getShape());
  if (!image)
    return reportFileError(inputFile, toString(image.takeError()));

  mlir::Operation *featureProducer = findFeatureProducer(function);
  if (!dumpFeatures.empty() && !featureProducer)
    return reportFileError(input, "the model has no global pooling to dump "
                                  "features before");
  bool dumpFailed = false;
  StringMap<bool> dumped;
  auto writeDump = [&](StringRef path, const Tensor &value) {
    if (Error error = writeTensorFile(path, value)) {
      reportFileError(path, toString(std::move(error)));
      dumpFailed = true;
    }
  };
  auto observer = [&](mlir::Operation *op, const Tensor &value) {
    if (op == featureProducer && !dumpFeatures.empty())
      writeDump(dumpFeatures, value);
    // The first op carrying the name wins: a piece inside a fused block is
    // observed before the block, whose location carries all pieces' names.
    for (auto &entry : dumpFiles)
      if (!dumped.count(entry.getKey()) && hasName(op, entry.getKey())) {
        writeDump(entry.getValue(), value);
        dumped[entry.getKey()] = true;
      }
  };
  mlir::FailureOr<std::vector<Tensor>> results =
      evaluate(function, *image, observer);
  if (failed(results) || dumpFailed)
    return 1;
  for (auto &entry : dumpFiles)
    if (!dumped.count(entry.getKey()))
      return reportFileError(input, "no op is named '" + entry.getKey() +
                                        "' (see the loc(...) names in 'mnv3c "
                                        "import --print-locations')");

  if (outputFile.empty()) {
    if (results->size() == 1 && results->front().shape.size() == 2)
      printTopClasses(results->front(), 5);
    else
      printOutputShapes(function, *results);
    return 0;
  }
  // The generated library's output buffer holds the outputs in this order.
  Tensor all;
  for (const Tensor &result : *results)
    all.data.insert(all.data.end(), result.data.begin(), result.data.end());
  if (Error error = writeTensorFile(outputFile, all))
    return reportFileError(outputFile, toString(std::move(error)));
  return 0;
}
