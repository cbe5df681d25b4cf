//===- BenchCommand.cpp - mnv3c bench: where a compiled model's time goes --===//
//
// Times the library mnv3c compile would build for the host (JIT-compiled in
// memory: no C compiler, no files): each stage alone and the whole NAME_run,
// medians over --runs calls, next to the CPU's measured FMA peak.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "codegen/Codegen.h"
#include "ModelSession.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace llvm;
using namespace mnv3;

cl::SubCommand mnv3::cli::benchCommand(
    "bench", "Time a compiled model on this machine, per layer and whole");

namespace {
cl::opt<std::string> input(cl::Positional, cl::Required, cl::sub(cli::benchCommand),
                           cl::cat(cli::options), cl::desc("<spec.mnv3 | model.mlir | model.onnx>"));
cl::opt<std::string> weights("weights", cl::sub(cli::benchCommand), cl::cat(cli::options),
                             cl::desc("Weights (safetensors); optional for IR "
                                      "that carries its weights"),
                             cl::value_desc("file"));
cl::opt<int> threads("threads", cl::sub(cli::benchCommand), cl::cat(cli::options),
                     cl::init(1), cl::desc("Threads, as for compile"),
                     cl::value_desc("N"));
cl::opt<int> runs("runs", cl::sub(cli::benchCommand), cl::cat(cli::options), cl::init(41),
                  cl::desc("Timed calls of the model and of each stage; "
                           "medians are reported"),
                  cl::value_desc("N"));
cl::opt<std::string> jsonOut("json", cl::sub(cli::benchCommand), cl::cat(cli::options),
                             cl::desc("Also write the figures as JSON to FILE"),
                             cl::value_desc("file"));
cl::opt<std::string> passes("passes", cl::sub(cli::benchCommand), cl::cat(cli::options),
                            cl::init("mnv3-default"),
                            cl::desc("Pipeline that fuses the model first"),
                            cl::value_desc("pipeline"));

double gmacs(double macs, double seconds) { return macs / seconds * 1e-9; }

void printTable(raw_ostream &os, const codegen::BenchResult &r,
                const std::string &model, double peak) {
  os << formatv("{0} on {1}, {2} thread(s), medians of {3} runs; FMA peak "
                "{4:F1} G/s\n",
                model, r.halideTarget, threads.getValue(), runs.getValue(),
                peak * 1e-9);
  os << "in sequence: each stage within whole passes, as NAME_run calls it; "
        "hot: alone, repeated\n";
  os << formatv("{0,-22} {1,-14} {2,8} {3,9} {4,7} {5,7} {6,9} {7,7}\n",
                "layer", "kind", "MMAC", "us", "GMAC/s", "% peak", "hot us",
                "% peak");
  auto row = [&](StringRef layer, StringRef kind, double macs, double s,
                 std::optional<double> hot) {
    os << formatv("{0,-22} {1,-14} {2,8:F2} {3,9:F1} {4,7:F1} {5,7:F1}", layer,
                  kind, macs * 1e-6, s * 1e6, gmacs(macs, s),
                  100 * macs / s / peak);
    if (hot)
      os << formatv(" {0,9:F1} {1,7:F1}", *hot * 1e6,
                    100 * macs / *hot / peak);
    os << "\n";
  };
  double sum = 0, hotSum = 0;
  for (const codegen::StageTime &s : r.stages) {
    sum += s.seconds;
    hotSum += s.hotSeconds;
    row(s.layer, s.kind, s.macs, s.seconds, s.hotSeconds);
  }
  row("stages, summed", "", r.macs, sum, hotSum);
  row("whole call (NAME_run)", "", r.macs, r.wholeSeconds, std::nullopt);
}

void writeJson(raw_ostream &file, const codegen::BenchResult &r,
               const std::string &model, double peak) {
  json::OStream j(file, 2);
  j.object([&] {
    j.attribute("model", model);
    j.attribute("target", r.halideTarget);
    j.attribute("threads", threads.getValue());
    j.attribute("runs", runs.getValue());
    j.attribute("fma_peak_per_second", peak);
    j.attribute("macs", r.macs);
    j.attributeObject("whole", [&] {
      j.attribute("median_seconds", r.wholeSeconds);
      j.attribute("gmacs", gmacs(r.macs, r.wholeSeconds));
      j.attribute("peak_share", r.macs / r.wholeSeconds / peak);
    });
    j.attributeArray("stages", [&] {
      for (const codegen::StageTime &s : r.stages)
        j.object([&] {
          j.attribute("layer", s.layer);
          j.attribute("function", s.function);
          j.attribute("kind", s.kind);
          j.attribute("macs", s.macs);
          j.attribute("median_seconds", s.seconds);
          j.attribute("gmacs", gmacs(s.macs, s.seconds));
          j.attribute("peak_share", s.macs / s.seconds / peak);
          j.attribute("hot_median_seconds", s.hotSeconds);
          j.attribute("hot_peak_share", s.macs / s.hotSeconds / peak);
        });
    });
  });
  file << "\n";
}
} // namespace

int mnv3::cli::runBench() {
  codegen::BenchOptions options;
  options.threads = threads;
  options.runs = runs;
  // The options are checked before the model is loaded.
  if (refused(codegen::checkBenchOptions(options)))
    return 1;
  // So is the JSON file, opened now rather than after a long run.
  std::optional<raw_fd_ostream> json;
  if (!jsonOut.empty()) {
    std::error_code ec;
    json.emplace(jsonOut, ec, sys::fs::OF_Text);
    if (ec) {
      errs() << "mnv3c: error: cannot write " << jsonOut << ": "
             << ec.message() << "\n";
      return 1;
    }
  }
  ModelSession session;
  mlir::FailureOr<codegen::Network> network =
      session.loadNetwork(input, weights, passes);
  if (failed(network))
    return 1;
  codegen::BenchResult result = codegen::benchNetwork(*network, options);
  if (!result.ok) {
    refused(result.error);
    return 1;
  }
  double peak = result.fmaPeakPerThread * threads;
  printTable(outs(), result, network->name, peak);
  if (json) {
    writeJson(*json, result, network->name, peak);
    if (json->has_error()) {
      errs() << "mnv3c: error: cannot write " << jsonOut << "\n";
      json->clear_error();
      return 1;
    }
  }
  return 0;
}
