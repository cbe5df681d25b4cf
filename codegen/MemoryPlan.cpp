//===- MemoryPlan.cpp - static arena offsets from tensor lifetimes --------===//
//
// Stages run in order, so a tensor is live from the stage that writes it to
// the last stage that reads it. Greedy first-fit by decreasing size: place
// each arena tensor at the lowest 64-byte aligned offset that does not
// overlap a placed tensor with an overlapping lifetime. Inputs and outputs of
// one stage are live at the same stage, so they never alias. Deterministic.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <algorithm>

namespace mnv3::codegen {

static size_t align64(size_t n) { return (n + 63) & ~(size_t)63; }

size_t planMemory(std::deque<Tensor> &ts, int numStages) {
  (void)numStages;
  std::vector<int> order;
  for (size_t i = 0; i < ts.size(); i++)
    if (ts[i].loc == Loc::Arena && ts[i].first >= 0)
      order.push_back((int)i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return ts[a].desc.elements() > ts[b].desc.elements();
  });
  std::vector<int> placed;
  size_t total = 0;
  for (int i : order) {
    size_t size = align64(ts[i].desc.elements() * sizeof(float));
    std::vector<std::pair<size_t, size_t>> busy;
    for (int j : placed)
      if (ts[j].first <= ts[i].last && ts[i].first <= ts[j].last)
        busy.push_back(
            {ts[j].offset, ts[j].offset + align64(ts[j].desc.elements() * 4)});
    std::sort(busy.begin(), busy.end());
    size_t off = 0;
    for (auto &b : busy) {
      if (off + size <= b.first)
        break;
      off = std::max(off, b.second);
    }
    ts[i].offset = off;
    total = std::max(total, off + size);
    placed.push_back(i);
  }
  return total;
}

} // namespace mnv3::codegen
