//===- LatencyTableJson.h - a latency table as JSON (docs/lut.md) -*- C++ -*-===//

#ifndef MNV3C_TOOLS_LATENCYTABLEJSON_H
#define MNV3C_TOOLS_LATENCYTABLEJSON_H

#include "LatencyTable.h"

#include "llvm/Support/raw_ostream.h"

namespace mnv3::cli {

/// The version of the format docs/lut.md describes.
constexpr int kLatencyTableVersion = 1;

/// Writes `table` in the format of docs/lut.md, with the machine it was
/// measured on.
void writeTableJson(llvm::raw_ostream &os, const LatencyTable &table,
                    const SearchSpace &space, const TableOptions &options);

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_LATENCYTABLEJSON_H
