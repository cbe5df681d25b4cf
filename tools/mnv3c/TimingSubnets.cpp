//===- TimingSubnets.cpp - subnets that time every candidate --------------===//

#include "TimingSubnets.h"

#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace llvm;
using namespace mnv3;
using namespace mnv3::cli;

namespace {
size_t candidateCount(const RowChoices &row) {
  return row.kernels.size() * row.expansions.size();
}

/// The spec of subnet `index`: the space's statements, each bneck row as
/// its blocks (the first with the row's stride, the others with stride 1).
TimingSubnet subnet(const SearchSpace &space, const MapShape &input,
                    size_t index) {
  TimingSubnet net;
  std::string &text = net.specText;
  size_t row = 0;
  int block = 1; // features.0 is the stem
  for (const Statement &statement : space.statements) {
    if (statement.keyword == "model") {
      text += formatv("model lut_subnet\ninput {0}x{1}x{2}\n", input.channels,
                      input.height, input.width);
    } else if (statement.keyword == "input") {
      continue; // written with the model line, at the table's resolution
    } else if (statement.keyword == "bneck") {
      const RowChoices &choices = space.rows[row];
      // Shifted by the row, so each subnet mixes small and large blocks as
      // sampled subnets do, and its weights evict each other as theirs do.
      size_t candidate = (index + row) % candidateCount(choices);
      size_t kernel = candidate / choices.expansions.size();
      size_t expansion = candidate % choices.expansions.size();
      int blocks = choices.timingDepth();
      for (int i = 0; i < blocks; ++i)
        text += space.rowLine(row, kernel, expansion,
                              i ? std::optional<int64_t>(1) : std::nullopt) +
                "\n";
      net.candidate.push_back(candidate);
      net.firstBlock.push_back(block);
      net.blocks.push_back(blocks);
      block += blocks;
      ++row;
    } else {
      text += statement.text + "\n";
    }
  }
  net.head = block;
  return net;
}
} // namespace

std::vector<TimingSubnet> mnv3::cli::timingSubnets(const SearchSpace &space,
                                                   const MapShape &input) {
  size_t count = 1;
  for (const RowChoices &row : space.rows)
    count = std::max(count, candidateCount(row));
  std::vector<TimingSubnet> nets;
  for (size_t i = 0; i < count; ++i)
    nets.push_back(subnet(space, input, i));
  return nets;
}
