//===- LatencyTable.h - latency of every block a search space offers -*- C++ -*-===//
//
// What mnv3c lut measures (docs/lut.md): for each searchable bneck row of
// a search space, every kernel x expansion candidate as the row's first
// block (its stride, the previous row's channels) and, if the row may
// repeat, as a repeated block (stride 1, its own channels); and the
// fixed parts between them (the stem and the rows before the first
// searchable one, the head and classifier). A subnet's predicted latency
// is the sum of its parts' entries. Entries are timed inside subnets of
// the space (TimingSubnets.h).
//
//===----------------------------------------------------------------------===//
#ifndef MNV3C_TOOLS_LATENCYTABLE_H
#define MNV3C_TOOLS_LATENCYTABLE_H

#include "SearchSpace.h"
#include "codegen/Codegen.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mnv3::cli {

/// A feature map's channels, height and width.
struct MapShape {
  int channels = 0, height = 0, width = 0;
  bool operator==(const MapShape &other) const {
    return channels == other.channels && height == other.height &&
           width == other.width;
  }
};

/// "CxHxW", as the table's output and errors write a shape.
std::string describe(const MapShape &shape);

/// An entry's latency: the median of its samples (one per timing subnet
/// and round that holds it), and the multiply-accumulates behind it.
struct Timing {
  std::vector<double> samples; ///< seconds
  double seconds = 0, macs = 0;
};

/// One kernel x expansion of a row at one position.
struct Candidate {
  size_t kernel = 0, expansion = 0; ///< indices into the row's choices
  int expanded = 0;                 ///< the expanded channels it has
  Timing timing;
};

/// A searchable row's blocks at one position (first or repeated).
struct BlockPosition {
  MapShape input, output;
  std::vector<Candidate> candidates; ///< kernels outer, expansions inner
};

struct StageEntries {
  size_t row = 0; ///< index into SearchSpace::rows
  BlockPosition first;
  /// Offered when a depth above 1 is.
  std::optional<BlockPosition> repeat;
};

/// Consecutive items no subnet chooses: [the stem,] rows
/// [beginRow, endRow) [, the head and classifier].
struct FixedPart {
  bool stem = false, head = false;
  size_t beginRow = 0, endRow = 0;
  MapShape input;
  std::optional<MapShape> output; ///< a map; none after the classifier
  std::vector<unsigned> lines; ///< of the statements it times
  Timing timing;
};

struct TableOptions {
  std::optional<int> resolution; ///< input height and width; else the file's
  int threads = 1, runs = 41;
  /// Times each timing subnet is compiled and timed, at intervals: the
  /// median over rounds resists a shared machine's bursts of load.
  int rounds = 1;
  uint64_t seed = 1; ///< of the timing subnets' random weights
};

/// A whole network timed alongside the timing subnets (mnv3c lut
/// --check): what the table's predictions are checked against, measured in
/// the same minutes of the machine.
struct CheckSubnet {
  std::string path; ///< its spec file, as given
  codegen::Network network;
  Timing timing; ///< of its whole call: one sample per round
};

struct LatencyTable {
  MapShape input;
  std::string halideTarget;
  std::vector<FixedPart> fixed;
  std::vector<StageEntries> stages;
  std::vector<CheckSubnet> checks;
};

/// Lays out the table for `space` (shapes from the importer, no timing
/// yet), or nullopt after an error was reported through `session`.
std::optional<LatencyTable> planTable(const SearchSpace &space,
                                      const TableOptions &options,
                                      ModelSession &session);

/// Adds each spec file of `paths` to `table.checks`, with seeded random
/// weights, fused and lowered as the timing subnets are. False after an
/// error was reported (a bad file, or an input other than the table's).
bool loadChecks(LatencyTable &table, llvm::ArrayRef<std::string> paths,
                const TableOptions &options);

/// Times every entry of `table`, and its checks' whole calls, all in one
/// interleaved loop per round (codegen::benchNetworks); `progress` gets one
/// line per timing subnet and check per round. Returns "" or why it failed.
std::string measureTable(LatencyTable &table, const SearchSpace &space,
                         const TableOptions &options,
                         const std::function<void(const std::string &)> &progress);

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_LATENCYTABLE_H
