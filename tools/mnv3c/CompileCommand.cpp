//===- CompileCommand.cpp - mnv3c compile: model -> static library --------===//

#include "Commands.h"

#include "codegen/Codegen.h"
#include "ModelSession.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace mnv3;

cl::SubCommand mnv3::cli::compileCommand(
    "compile", "Compile a model into a dependency-free library for a CPU");

namespace {
cl::opt<std::string> input(cl::Positional, cl::Required, cl::sub(cli::compileCommand), cl::cat(cli::options),
                           cl::desc("<spec.mnv3 | model.mlir>"));
cl::opt<std::string> weights("weights", cl::sub(cli::compileCommand), cl::cat(cli::options),
                             cl::desc("Weights (safetensors); optional for IR "
                                      "that carries its weights"),
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
cl::opt<std::string> passes("passes", cl::sub(cli::compileCommand), cl::cat(cli::options),
                            cl::init("mnv3-default"),
                            cl::desc("Pipeline that fuses the model first"),
                            cl::value_desc("pipeline"));
} // namespace

int mnv3::cli::runCompile() {
  static const char *const kinds[] = {"lib", "header", "obj", "asm",
                                      "cpp", "stmt", "stages"};
  codegen::EmitOptions options;
  if (!emit.empty()) {
    options.emit.clear();
    for (const std::string &kind : emit) {
      if (!llvm::is_contained(kinds, kind)) {
        errs() << "mnv3c: error: unknown --emit kind '" << kind
               << "'; expected lib, header, obj, asm, cpp, stmt or stages\n";
        return 1;
      }
      options.emit.insert(kind);
    }
  }
  if (threads < 1 || threads > 256) {
    errs() << "mnv3c: error: --threads must be in [1, 256], got " << threads << "\n";
    return 1;
  }
  std::string targetError;
  if (!codegen::resolveTarget(target, &targetError)) {
    errs() << "mnv3c: error: " << targetError << "\n";
    return 1;
  }

  ModelSession session;
  mlir::ModuleOp module =
      session.load(input, weights, /*requireWeights=*/true, passes);
  if (!module)
    return 1;
  mlir::func::FuncOp function = getModelFunction(module);
  mlir::FailureOr<codegen::Network> network = lowerToNetwork(function);
  if (failed(network))
    return 1;

  options.target = target;
  options.outDir = outDir;
  options.name = name.empty() ? network->name : name.getValue();
  options.threads = threads;
  codegen::Result result = codegen::compileNetwork(*network, options);
  if (!result.ok) {
    errs() << "mnv3c: error: " << result.error << "\n";
    return 1;
  }
  outs() << "compiled " << network->name << " for " << result.halideTarget
         << ": " << network->layers.size() << " layers, "
         << result.scratchBytes << " bytes of scratch\n";
  for (const std::string &file : result.files)
    outs() << "  wrote " << file << "\n";
  return 0;
}
