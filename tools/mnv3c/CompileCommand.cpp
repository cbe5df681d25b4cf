//===- CompileCommand.cpp - mnv3c compile: model -> static library --------===//

#include "Commands.h"

#include "codegen/Codegen.h"
#include "runtime/InputsHash.h"
#include "ModelSession.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"

#include <chrono>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace mnv3;

cl::SubCommand mnv3::cli::compileCommand(
    "compile", "Compile a model into a dependency-free library for a CPU");

namespace {
cl::opt<std::string> input(cl::Positional, cl::Required, cl::sub(cli::compileCommand), cl::cat(cli::options),
                           cl::desc("<spec.mnv3 | model.mlir | model.onnx>"));
cl::opt<std::string> weights("weights", cl::sub(cli::compileCommand), cl::cat(cli::options),
                             cl::desc("Weights (safetensors); not for IR that "
                                      "carries its weights or an ONNX model"),
                             cl::value_desc("file"));
cl::opt<std::string> target(
    "target", cl::sub(cli::compileCommand), cl::cat(cli::options), cl::init("host"),
    cl::desc("host, x86-64-avx512, x86-64-avx2, x86-64-sse41, aarch64, "
             "armv7-neon, or a Halide target string"),
    cl::value_desc("target"));
cl::opt<std::string> outDir("o", cl::sub(cli::compileCommand), cl::cat(cli::options), cl::Required,
                            cl::desc("Output directory"), cl::value_desc("dir"));
cl::list<std::string> emit(
    "emit", cl::sub(cli::compileCommand), cl::cat(cli::options), cl::CommaSeparated,
    cl::desc("What to write: lib (NAME.a), header (NAME.h), obj (NAME.o), "
             "asm (NAME.s), cpp (NAME.cpp), stmt (Halide .stmt/.html per "
             "layer), stages (NAME.stages.txt for bench/stage_bench.cpp); "
             "default lib,header"),
    cl::value_desc("kinds"));
cl::opt<std::string> name("name", cl::sub(cli::compileCommand), cl::cat(cli::options),
                          cl::desc("C name prefix of the generated code "
                                   "(default: the model name)"),
                          cl::value_desc("identifier"));
cl::opt<int> threads("threads", cl::sub(cli::compileCommand), cl::cat(cli::options), cl::init(1),
                     cl::desc("Threads the generated code may use (1: none "
                              "spawned)"),
                     cl::value_desc("N"));
cl::opt<bool> freestanding(
    "freestanding", cl::sub(cli::compileCommand), cl::cat(cli::options),
    cl::desc("No C library beyond memcpy/memmove/memset: for bare metal "
             "(NAME_run then needs the caller's scratch; no --threads)"));
cl::opt<bool> externalWeights(
    "external-weights", cl::sub(cli::compileCommand), cl::cat(cli::options),
    cl::desc("Write the weights to NAME.weights instead of the library; "
             "NAME_run takes them as a fourth argument"));
cl::opt<std::string> weightsSection(
    "weights-section", cl::sub(cli::compileCommand), cl::cat(cli::options),
    cl::desc("Linker section for the weights in the library (default "
             ".rodata)"),
    cl::value_desc("name"));
cl::opt<bool> verbose("v", cl::sub(cli::compileCommand), cl::cat(cli::options),
                      cl::desc("Progress on stderr: one line per layer, the "
                               "code generation, the total time (the "
                               "default on a terminal)"));
cl::opt<bool> quiet("q", cl::sub(cli::compileCommand), cl::cat(cli::options),
                    cl::desc("No progress, even on a terminal"));
enum class InputLayout { NCHW, NHWC };
enum class InputType { Float, UInt8 };
cl::opt<InputLayout> inputLayout(
    "input-layout", cl::sub(cli::compileCommand), cl::cat(cli::options),
    cl::desc("Layout of NAME_run's input"), cl::init(InputLayout::NCHW),
    cl::values(clEnumValN(InputLayout::NCHW, "nchw", "[1][C][H][W] (default)"),
               clEnumValN(InputLayout::NHWC, "nhwc",
                          "[1][H][W][C], as a camera frame")));
cl::opt<InputType> inputType(
    "input-type", cl::sub(cli::compileCommand), cl::cat(cli::options),
    cl::desc("Element type of NAME_run's input"), cl::init(InputType::Float),
    cl::values(clEnumValN(InputType::Float, "float", "float (default)"),
               clEnumValN(InputType::UInt8, "uint8",
                          "uint8_t, as a camera frame")));
cl::list<float> inputMean(
    "mean", cl::sub(cli::compileCommand), cl::cat(cli::options),
    cl::CommaSeparated,
    cl::desc("Per input channel, subtracted inside NAME_run before the "
             "first layer (e.g. 123.675,116.28,103.53 for torchvision's "
             "ImageNet preprocessing of uint8 input)"),
    cl::value_desc("m0,m1,..."));
cl::list<float> inputStd(
    "std", cl::sub(cli::compileCommand), cl::cat(cli::options),
    cl::CommaSeparated,
    cl::desc("Per input channel, divides the centred input inside NAME_run "
             "(e.g. 58.395,57.12,57.375)"),
    cl::value_desc("s0,s1,..."));
cl::opt<std::string> passes("passes", cl::sub(cli::compileCommand), cl::cat(cli::options),
                            cl::init("mnv3-default"),
                            cl::desc("Pipeline that fuses the model first"),
                            cl::value_desc("pipeline"));
} // namespace

int mnv3::cli::runCompile() {
  auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
        .count();
  };
  bool showProgress =
      !quiet && (verbose || sys::Process::StandardErrIsDisplayed());
  codegen::EmitOptions options;
  if (showProgress)
    options.progress = [&](const std::string &line) {
      errs() << format("[%6.1f s] ", seconds()) << line << "\n";
    };
  if (!emit.empty())
    options.emit = std::set<std::string>(emit.begin(), emit.end());
  options.target = target;
  options.outDir = outDir;
  options.name = name;
  options.threads = threads;
  options.freestanding = freestanding;
  options.externalWeights = externalWeights;
  options.weightsSection = weightsSection;
  options.input.channelsLast = inputLayout == InputLayout::NHWC;
  options.input.bytes = inputType == InputType::UInt8;
  options.input.mean.assign(inputMean.begin(), inputMean.end());
  options.input.std.assign(inputStd.begin(), inputStd.end());
  // Everything about the options is checked before the model is loaded.
  if (refused(codegen::checkEmitOptions(options)))
    return 1;

  ModelSession session;
  mlir::FailureOr<codegen::Network> network =
      session.loadNetwork(input, weights, passes);
  if (failed(network))
    return 1;
  if (showProgress)
    errs() << format("[%6.1f s] ", seconds()) << "loaded " << network->name
           << ": " << network->layers.size() << " layers after '" << passes
           << "'\n";

  options.name = name.empty() ? network->name : name.getValue();
  if (std::string problem = codegen::checkName(options.name);
      !problem.empty()) {
    errs() << "mnv3c: error: the model's " << problem
           << "; choose another with --name\n";
    return 1;
  }
  // Provenance: the bytes of the model and weights files and the pipeline.
  uint64_t hash = runtime::kInputsHashSeed;
  for (const std::string &path : {input.getValue(), weights.getValue()}) {
    if (path.empty())
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> file = MemoryBuffer::getFile(path);
    if (!file) {
      errs() << path << ": error: cannot read it again: "
             << file.getError().message() << "\n";
      return 1;
    }
    hash = runtime::hashBytes((*file)->getBufferStart(),
                              (*file)->getBufferSize(), hash);
  }
  options.inputsHash = runtime::hashString(passes, hash);
  codegen::Result result = codegen::compileNetwork(*network, options);
  if (!result.ok) {
    refused(result.error);
    return 1;
  }
  // One line with what the library costs; NAME.report.json has the rest.
  outs() << "compiled " << network->name << " for " << result.halideTarget
         << ": " << network->layers.size() << " layers; code "
         << result.codeBytes << " B, weights " << result.weightBytes << " B"
         << (options.externalWeights ? " (external)" : "") << ", scratch "
         << result.scratchBytes << " B, stack " << result.stackBytes
         << " B\n";
  for (const std::string &file : result.files)
    outs() << "  wrote " << file << "\n";
  if (showProgress)
    errs() << format("[%6.1f s] done\n", seconds());
  return 0;
}
