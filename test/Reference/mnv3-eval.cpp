//===- mnv3-eval.cpp - run mnv3 IR through the reference evaluator --------===//
//
// The test driver of lib/Reference: parses an .mlir file, evaluates its first
// (or --function) func on a raw little-endian f32 input file and writes the
// raw f32 result. Diagnostics go to stderr with their source locations, and
// any failure gives a non-zero exit code, so test/Reference/ops.py can check
// numerics against PyTorch and error messages against expectations.
//
//   mnv3-eval model.mlir -i input.f32 -o output.f32 [--trace] [--time]
//
//===----------------------------------------------------------------------===//

#include "dialects/MNV3Dialect.h"
#include "mnv3c/Evaluator.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> irFile(cl::Positional, cl::Required,
                                   cl::desc("<input .mlir>"));
static cl::opt<std::string> inputFile(
    "i", cl::desc("raw little-endian f32 input (default: all zeros)"),
    cl::value_desc("file"));
static cl::opt<std::string> outputFile("o", cl::desc("raw little-endian f32 output"),
                                       cl::value_desc("file"));
static cl::list<int64_t> inputShape(
    "input-shape", cl::CommaSeparated,
    cl::desc("shape of the input tensor (default: the function argument's)"));
static cl::opt<std::string> functionName(
    "function", cl::desc("function to evaluate (default: the first one)"));
static cl::opt<bool> trace("trace",
                           cl::desc("print each evaluated op's name, shape and "
                                    "sum to stdout, in execution order"));
static cl::opt<bool> printTime("time", cl::desc("print the evaluation time to stderr"));
static cl::opt<bool> allowUnregistered("allow-unregistered-dialect",
                                       cl::desc("accept ops of unknown dialects"));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "mnv3-eval: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "mnv3 reference evaluator\n");

  DialectRegistry registry;
  registry.insert<mnv3::MNV3Dialect, func::FuncDialect>();
  MLIRContext context(registry);
  context.allowUnregisteredDialects(allowUnregistered);
  // The location says where; a dump of a whole function would bury it.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(irFile, sourceMgr, ParserConfig(&context));
  if (!module)
    return 1;

  func::FuncOp function;
  for (func::FuncOp candidate : module->getOps<func::FuncOp>())
    if (functionName.empty() || candidate.getSymName() == functionName) {
      function = candidate;
      break;
    }
  if (!function)
    return fail("no function " +
                (functionName.empty() ? "" : "'" + functionName + "' ") +
                "in " + irFile);

  mnv3::Tensor input;
  if (!inputShape.empty())
    input = mnv3::Tensor(std::vector<int64_t>(inputShape.begin(), inputShape.end()));
  else if (auto type = function.getFunctionType().getNumInputs() == 1
                           ? dyn_cast<RankedTensorType>(
                                 function.getFunctionType().getInput(0))
                           : RankedTensorType())
    input = mnv3::Tensor(type.getShape());
  // else: leave it empty and let evaluate() say what it expected.

  if (!inputFile.empty()) {
    auto buffer = llvm::MemoryBuffer::getFile(inputFile, /*IsText=*/false);
    if (!buffer)
      return fail("cannot read " + inputFile + ": " + buffer.getError().message());
    size_t expected = input.data.size() * sizeof(float);
    if ((*buffer)->getBufferSize() != expected)
      return fail(inputFile + " holds " + llvm::Twine((*buffer)->getBufferSize()) +
                  " bytes, the input tensor needs " + llvm::Twine(expected));
    const char *bytes = (*buffer)->getBufferStart();
    for (size_t i = 0; i < input.data.size(); ++i)
      input.data[i] = llvm::support::endian::read<float, llvm::endianness::little>(
          bytes + i * sizeof(float));
  }

  auto printTrace = [](Operation *op, const mnv3::Tensor &value) {
    double sum = 0;
    for (float v : value.data)
      sum += v;
    llvm::outs() << op->getName() << " [";
    llvm::interleaveComma(value.shape, llvm::outs());
    llvm::outs() << "] sum=" << llvm::format("%.6g", sum) << "\n";
  };
  auto start = std::chrono::steady_clock::now();
  FailureOr<std::vector<mnv3::Tensor>> outputs =
      mnv3::evaluate(function, input,
                     trace ? mnv3::TensorObserver(printTrace) : nullptr);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  if (failed(outputs))
    return 1;
  if (printTime)
    llvm::errs() << "evaluated in " << llvm::format("%.3f", seconds.count() * 1e3)
                 << " ms\n";

  if (!outputFile.empty()) {
    std::error_code error;
    llvm::raw_fd_ostream os(outputFile, error, llvm::sys::fs::OF_None);
    if (error)
      return fail("cannot write " + outputFile + ": " + error.message());
    // Several results are written one after another.
    for (const mnv3::Tensor &output : *outputs)
      for (float v : output.data) {
        char bytes[sizeof(float)];
        llvm::support::endian::write<float, llvm::endianness::little>(bytes, v);
        os.write(bytes, sizeof(bytes));
      }
  }
  return 0;
}
