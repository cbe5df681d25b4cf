//===- LatencyTable.cpp - lay out and time a search space's entries -------===//

#include "LatencyTable.h"

#include "ModelSession.h"
#include "TimingSubnets.h"
#include "mnv3c/Support.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <map>

using namespace llvm;
using namespace mnv3;
using namespace mnv3::cli;

namespace {
/// The pipeline every command fuses with: the timing subnets are compiled
/// as `mnv3c bench` compiles a subnet.
constexpr const char *kPasses = "mnv3-default";

double median(std::vector<double> values) {
  llvm::sort(values);
  size_t half = values.size() / 2;
  return values.size() % 2 ? values[half]
                           : (values[half - 1] + values[half]) / 2;
}

std::string featureName(int index) {
  return "features." + std::to_string(index);
}

/// The index N of a layer named features.N, or -1.
int featureIndex(StringRef name) {
  int index;
  if (!name.consume_front("features.") || name.getAsInteger(10, index))
    return -1;
  return index;
}

MapShape inputOf(const codegen::Layer &layer) {
  return {layer.inC, layer.inH, layer.inW};
}

MapShape outputOf(const codegen::Layer &layer) {
  return {layer.outC, layer.outH, layer.outW};
}

/// Runs of items no subnet chooses: the stem with the fixed rows after it,
/// fixed rows between searchable ones, the fixed rows before the head
/// with the head and classifier.
std::vector<FixedPart> fixedParts(const SearchSpace &space) {
  std::vector<FixedPart> parts;
  FixedPart current;
  current.stem = true;
  for (size_t row = 0; row < space.rows.size(); ++row) {
    if (!space.rows[row].isSearchable()) {
      current.endRow = row + 1;
      continue;
    }
    if (current.stem || current.endRow > current.beginRow)
      parts.push_back(current);
    current = FixedPart();
    current.beginRow = current.endRow = row + 1;
  }
  current.head = true;
  parts.push_back(current);
  unsigned lastRowLine = space.rowLineNumber(space.rows.size() - 1);
  for (FixedPart &part : parts) {
    for (const Statement &statement : space.statements)
      if ((part.stem && statement.keyword == "stem") ||
          (part.head && statement.line > lastRowLine))
        part.lines.push_back(statement.line);
    for (size_t row = part.beginRow; row < part.endRow; ++row)
      part.lines.push_back(space.rowLineNumber(row));
    llvm::sort(part.lines);
  }
  return parts;
}

/// One layer of a timed subnet: the in-sequence medians of its stages,
/// summed (an SE block is three stages), and what it computes.
struct LayerTime {
  double seconds = 0, macs = 0;
  int expanded = 0; ///< a block's depthwise channels
};
using LayerTimes = std::map<std::string, LayerTime, std::less<>>;

/// Timing subnet `net` built in a context of its own (freed with it).
FailureOr<codegen::Network> buildSubnet(const TimingSubnet &net,
                                        const TableOptions &options,
                                        std::string &error) {
  ModelSession session;
  std::optional<Spec> spec =
      session.parseSpecText(net.specText, "timing subnet");
  FailureOr<codegen::Network> network = failure();
  if (spec)
    network = session.buildWithRandomWeights(*spec, options.seed, kPasses);
  if (failed(network))
    error = "a timing subnet does not build (an mnv3c bug):\n" + net.specText;
  return network;
}

/// Each layer's time in `timed`: its stages' in-sequence medians, summed.
LayerTimes layerTimes(const codegen::Network &network,
                      const codegen::BenchResult &timed) {
  LayerTimes layers;
  for (const codegen::StageTime &stage : timed.stages) {
    LayerTime &layer = layers[stage.layer];
    layer.seconds += stage.seconds;
    layer.macs += stage.macs;
  }
  for (const codegen::Layer &layer : network.layers)
    if (auto *bneck = std::get_if<codegen::Bneck>(&layer.op))
      layers[layer.name].expanded = bneck->depthwise.outChannels;
  return layers;
}

/// Adds one sample of `part` from timed subnet `net`.
void sampleFixedPart(FixedPart &part, const TimingSubnet &net,
                     const LayerTimes &layers) {
  double seconds = 0, macs = 0;
  for (const auto &[name, layer] : layers) {
    int index = featureIndex(name);
    bool inPart = (part.stem && index == 0) ||
                  (part.head && (index < 0 || index >= net.head));
    for (size_t row = part.beginRow; row < part.endRow; ++row)
      inPart |= index == net.firstBlock[row];
    if (inPart) {
      seconds += layer.seconds;
      macs += layer.macs;
    }
  }
  part.timing.samples.push_back(seconds);
  part.timing.macs = macs;
}

/// Adds one sample of each candidate of `stage` that subnet `net` holds:
/// its first block, and its repeated blocks, which are alike (one sample,
/// their median).
void sampleStage(StageEntries &stage, const TimingSubnet &net,
                 const LayerTimes &layers) {
  size_t row = stage.row;
  auto block = [&](int offset) -> const LayerTime & {
    return layers.find(featureName(net.firstBlock[row] + offset))->second;
  };
  Candidate &first = stage.first.candidates[net.candidate[row]];
  first.timing.samples.push_back(block(0).seconds);
  first.timing.macs = block(0).macs;
  first.expanded = block(0).expanded;
  if (!stage.repeat)
    return;
  Candidate &repeat = stage.repeat->candidates[net.candidate[row]];
  std::vector<double> repeats;
  for (int i = 1; i < net.blocks[row]; ++i)
    repeats.push_back(block(i).seconds);
  repeat.timing.samples.push_back(median(repeats));
  repeat.timing.macs = block(1).macs;
  repeat.expanded = block(1).expanded;
}

void settle(Timing &timing) { timing.seconds = median(timing.samples); }
} // namespace

std::optional<LatencyTable> mnv3::cli::planTable(const SearchSpace &space,
                                                 const TableOptions &options,
                                                 ModelSession &session) {
  // The space with every row once is imported at the table's resolution:
  // its shape errors point into the file, and its layers give each
  // entry's input.
  Spec skeleton = space.base;
  if (options.resolution)
    skeleton.inHeight = skeleton.inWidth = *options.resolution;
  FailureOr<codegen::Network> network =
      session.buildWithRandomWeights(skeleton, options.seed, kPasses);
  if (failed(network))
    return std::nullopt;
  // mnv3-default fuses each row into one layer named after it.
  std::map<std::string, const codegen::Layer *> byName;
  for (const codegen::Layer &layer : network->layers)
    byName[layer.name] = &layer;
  auto layer = [&](size_t index) -> const codegen::Layer & {
    return *byName.at(featureName(index));
  };
  LatencyTable table;
  table.input = {int(skeleton.inChannels), int(skeleton.inHeight),
                 int(skeleton.inWidth)};
  table.fixed = fixedParts(space);
  for (FixedPart &part : table.fixed) {
    // Row r is features.(r + 1).
    part.input = part.stem ? table.input : outputOf(layer(part.beginRow));
    if (!part.head)
      part.output = outputOf(layer(part.endRow));
  }
  for (size_t row = 0; row < space.rows.size(); ++row) {
    const RowChoices &choices = space.rows[row];
    if (!choices.isSearchable())
      continue;
    StageEntries &stage = table.stages.emplace_back();
    stage.row = row;
    stage.first.input = inputOf(layer(row + 1));
    stage.first.output = outputOf(layer(row + 1));
    for (size_t k = 0; k < choices.kernels.size(); ++k)
      for (size_t e = 0; e < choices.expansions.size(); ++e)
        stage.first.candidates.push_back({k, e, 0, {}});
    if (choices.maxDepth() > 1) {
      stage.repeat = stage.first;
      stage.repeat->input = stage.first.output;
    }
  }
  return table;
}

std::string mnv3::cli::describe(const MapShape &shape) {
  return formatv("{0}x{1}x{2}", shape.channels, shape.height, shape.width);
}

bool mnv3::cli::loadChecks(LatencyTable &table, ArrayRef<std::string> paths,
                           const TableOptions &options) {
  for (const std::string &path : paths) {
    ModelSession session;
    FailureOr<codegen::Network> network =
        session.loadWithRandomWeights(path, options.seed, kPasses);
    if (failed(network))
      return false;
    MapShape input{network->inC, network->inH, network->inW};
    if (!(input == table.input)) {
      reportFileError(path, "the check takes a " + describe(input) +
                                " input, the table's subnets " +
                                describe(table.input));
      return false;
    }
    table.checks.push_back({path, std::move(*network), {}});
  }
  return true;
}

std::string mnv3::cli::measureTable(
    LatencyTable &table, const SearchSpace &space, const TableOptions &options,
    const std::function<void(const std::string &)> &progress) {
  std::vector<TimingSubnet> nets = timingSubnets(space, table.input);
  codegen::BenchOptions bench;
  bench.threads = options.threads;
  bench.runs = options.runs;
  for (int round = 0; round < options.rounds; ++round) {
    // The timing subnets, then the checks: all timed in one loop.
    std::vector<codegen::Network> built;
    for (const TimingSubnet &net : nets) {
      std::string error;
      FailureOr<codegen::Network> network = buildSubnet(net, options, error);
      if (failed(network))
        return error;
      built.push_back(std::move(*network));
    }
    std::vector<const codegen::Network *> timed;
    for (const codegen::Network &network : built)
      timed.push_back(&network);
    for (const CheckSubnet &check : table.checks)
      timed.push_back(&check.network);
    std::vector<codegen::BenchResult> results =
        codegen::benchNetworks(timed, bench);
    if (!results.empty() && !results.front().ok)
      return results.front().error;
    for (size_t i = 0; i < nets.size(); ++i) {
      LayerTimes layers = layerTimes(built[i], results[i]);
      for (FixedPart &part : table.fixed)
        sampleFixedPart(part, nets[i], layers);
      for (StageEntries &stage : table.stages)
        sampleStage(stage, nets[i], layers);
      table.halideTarget = results[i].halideTarget;
      progress(formatv("timing subnet {0} of {1}, round {2} of {3}: "
                       "{4:F3} ms whole",
                       i + 1, nets.size(), round + 1, options.rounds,
                       results[i].wholeSeconds * 1e3));
    }
    for (size_t k = 0; k < table.checks.size(); ++k) {
      const codegen::BenchResult &result = results[nets.size() + k];
      Timing &timing = table.checks[k].timing;
      timing.samples.push_back(result.wholeSeconds);
      timing.macs = result.macs;
      progress(formatv("check {0} of {1} ({2}), round {3} of {4}: "
                       "{5:F3} ms whole",
                       k + 1, table.checks.size(), table.checks[k].path,
                       round + 1, options.rounds, result.wholeSeconds * 1e3));
    }
  }
  for (FixedPart &part : table.fixed)
    settle(part.timing);
  for (StageEntries &stage : table.stages) {
    for (Candidate &candidate : stage.first.candidates)
      settle(candidate.timing);
    if (stage.repeat)
      for (Candidate &candidate : stage.repeat->candidates)
        settle(candidate.timing);
  }
  for (CheckSubnet &check : table.checks)
    settle(check.timing);
  return "";
}
