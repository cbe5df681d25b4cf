//===- TimingSubnets.h - the subnets a latency table is timed in -*- C++ -*-===//
//
// Each entry of a latency table is timed inside a whole subnet of the
// space, so that its weights arrive from where they come in a subnet: a
// block timed alone, in a network small enough for the caches, ran up to
// twice as fast as the same block in a subnet (docs/lut.md). The size of
// the subnet matters too (blocks ran a median 6 % slower among 4 blocks per
// stage than among 2), so every searchable row takes its median depth
// (RowChoices::timingDepth) and one kernel x expansion for all its blocks.
// Subnet i gives row r its candidate i + r (modulo the row's count), so as
// many subnets as the largest row has candidates time every candidate, as
// a first block and as a repeated one, and each subnet mixes small and
// large blocks.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_TOOLS_TIMINGSUBNETS_H
#define MNV3C_TOOLS_TIMINGSUBNETS_H

#include "LatencyTable.h"

namespace mnv3::cli {

struct TimingSubnet {
  std::string specText;
  /// Per row: the candidate it takes (kernel index * expansions + expansion
  /// index), the torchvision index of its first block (`features.N`) and
  /// its block count.
  std::vector<size_t> candidate;
  std::vector<int> firstBlock, blocks;
  int head = 0; ///< the index of the head (`features.N`)
};

/// The subnets that time every candidate of `space` at `input`.
std::vector<TimingSubnet> timingSubnets(const SearchSpace &space,
                                        const MapShape &input);

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_TIMINGSUBNETS_H
