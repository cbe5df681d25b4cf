//===- LutCommand.cpp - mnv3c lut: latency tables for a search space ------===//
//
// Times, on this machine, every block a search space offers (docs/lut.md)
// with the kernels mnv3c bench times, and writes them as a JSON table from
// which a NAS predicts a subnet's latency by adding entries.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "LatencyTable.h"
#include "LatencyTableJson.h"
#include "ModelSession.h"
#include "SearchSpace.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace mnv3;
using namespace mnv3::cli;

cl::SubCommand mnv3::cli::lutCommand(
    "lut", "Time every candidate block of a search space: a latency table");

namespace {
cl::opt<std::string> input(cl::Positional, cl::Required, cl::sub(cli::lutCommand),
                           cl::cat(cli::options), cl::desc("<space file>"));
cl::opt<std::string> output("o", cl::sub(cli::lutCommand), cl::cat(cli::options),
                            cl::Required,
                            cl::desc("Write the table (JSON) to FILE"),
                            cl::value_desc("file"));
cl::opt<int> resolution("resolution", cl::sub(cli::lutCommand),
                        cl::cat(cli::options),
                        cl::desc("Input height and width of the subnets "
                                 "(default: the space's input line)"),
                        cl::value_desc("N"));
cl::opt<int> threads("threads", cl::sub(cli::lutCommand), cl::cat(cli::options),
                     cl::init(1), cl::desc("Threads, as for compile"),
                     cl::value_desc("N"));
cl::opt<int> runs("runs", cl::sub(cli::lutCommand), cl::cat(cli::options),
                  cl::init(201),
                  cl::desc("Timed calls of each timing subnet, as for bench"),
                  cl::value_desc("N"));
cl::opt<int> rounds("rounds", cl::sub(cli::lutCommand), cl::cat(cli::options),
                    cl::init(1),
                    cl::desc("Times each timing subnet is compiled and "
                             "timed; entries are medians over rounds"),
                    cl::value_desc("N"));
cl::opt<unsigned> seed("seed", cl::sub(cli::lutCommand), cl::cat(cli::options),
                       cl::init(1),
                       cl::desc("Seed of the timing subnets' random weights"),
                       cl::value_desc("N"));
cl::list<std::string> checks(
    "check", cl::sub(cli::lutCommand), cl::cat(cli::options),
    cl::desc("Also time the whole call of the network in FILE (a spec of a "
             "subnet, random weights), interleaved with the timing subnets, "
             "and write it under \"checks\" (repeatable)"),
    cl::value_desc("file"));
/// Each round compiles every timing subnet again: minutes each.
constexpr int kMaxRounds = 100;
/// Every check stays compiled through a round (OFA at 224x224: 9 timing
/// subnets and 10 checks took 4.6 GB, about 0.24 GB per network).
constexpr size_t kMaxChecks = 16;

/// One line per entry: what it is, its input, its latency.
void printEntries(raw_ostream &os, const LatencyTable &table,
                  const SearchSpace &space) {
  auto row = [&](const std::string &what, const MapShape &input,
                 const Timing &timing) {
    os << formatv("{0,-28} {1,12} {2,10:F1} us\n", what, describe(input),
                  timing.seconds * 1e6);
  };
  for (const FixedPart &part : table.fixed)
    row(formatv("fixed line{0} {1}", part.lines.size() > 1 ? "s" : "",
                join(map_range(part.lines,
                               [](unsigned line) { return std::to_string(line); }),
                     ",")),
        part.input, part.timing);
  for (const StageEntries &stage : table.stages) {
    const RowChoices &choices = space.rows[stage.row];
    for (const BlockPosition *position :
         {&stage.first, stage.repeat ? &*stage.repeat : nullptr}) {
      if (!position)
        continue;
      for (const Candidate &candidate : position->candidates)
        row(formatv("line {0} {1} k{2} {3}", space.rowLineNumber(stage.row),
                    position == &stage.first ? "first" : "repeat",
                    choices.kernels[candidate.kernel],
                    choices.expansions[candidate.expansion].text),
            position->input, candidate.timing);
    }
  }
}
} // namespace

int mnv3::cli::runLut() {
  TableOptions options;
  options.threads = threads;
  options.runs = runs;
  options.seed = seed;
  // Everything that can be checked without measuring is, before minutes
  // of measuring.
  codegen::BenchOptions bench;
  bench.threads = threads;
  bench.runs = runs;
  if (refused(codegen::checkBenchOptions(bench)))
    return 1;
  if (rounds < 1 || rounds > kMaxRounds)
    return refused(formatv("rounds must be in [1, {0}], got {1}", kMaxRounds,
                           rounds.getValue())),
           1;
  options.rounds = rounds;
  if (checks.size() > kMaxChecks)
    return refused(formatv("at most {0} checks, got {1}", kMaxChecks,
                           checks.size())),
           1;
  if (resolution.getNumOccurrences()) {
    if (resolution < 1 || resolution > kMaxMapSide)
      return refused(formatv("resolution must be in [1, {0}], got {1}",
                             kMaxMapSide, resolution.getValue())),
             1;
    options.resolution = resolution;
  }
  std::error_code error;
  ToolOutputFile file(output, error, sys::fs::OF_Text); // removed unless kept
  if (error)
    return refused("cannot write " + output + ": " + error.message()), 1;

  ModelSession session;
  std::optional<SearchSpace> space = readSearchSpace(input, session);
  if (!space)
    return 1;
  std::optional<LatencyTable> table = planTable(*space, options, session);
  if (!table || !loadChecks(*table, checks, options))
    return 1;
  outs() << formatv("{0} at {1}, {2} thread(s), medians of {3} runs, {4} "
                    "round(s){5}\n",
                    space->base.name, describe(table->input),
                    threads.getValue(), runs.getValue(), rounds.getValue(),
                    checks.empty() ? std::string()
                                   : formatv(", {0} check(s)", checks.size())
                                         .str());
  std::string failure = measureTable(
      *table, *space, options, [](const std::string &line) {
        outs() << line << "\n";
        outs().flush();
      });
  if (refused(failure))
    return 1;
  printEntries(outs(), *table, *space);
  writeTableJson(file.os(), *table, *space, options);
  file.keep();
  return 0;
}
