//===- SearchSpace.h - a spec whose bneck rows offer choices ----*- C++ -*-===//
//
// A search space file (docs/lut.md) is a spec (docs/spec-language.md) in
// which a bneck row may list choices: several kernels (`3,5,7`), several
// expansions (`x3,x4,x6`) and, with `depth=2,3,4`, how many blocks the row
// stands for (the first with the row's stride, the others with stride 1
// and the row's output channels as input). A subnet picks one value from
// every list.
//
// Every value is checked by the spec parser itself: the file is parsed
// once with the first value of each list, then once for each other value
// with that value in place, each time with the other values blanked out,
// so every column keeps its place and an error points into the file.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_TOOLS_SEARCHSPACE_H
#define MNV3C_TOOLS_SEARCHSPACE_H

#include "mnv3c/Spec.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace mnv3::cli {

class ModelSession;

/// One expansion a row offers, as written (`x4`, `96`).
struct ExpansionChoice {
  std::string text;
  int64_t channels = 0;              ///< BneckRow::expanded
  std::optional<double> ratio;       ///< BneckRow::expandRatio
};

/// The choices of one bneck row; a fixed row has one of each and depth 1.
struct RowChoices {
  std::vector<int64_t> kernels;
  std::vector<ExpansionChoice> expansions;
  std::vector<int64_t> depths = {1};
  /// Whether a subnet chooses anything here.
  bool isSearchable() const {
    return kernels.size() > 1 || expansions.size() > 1 || depths.size() > 1 ||
           depths.front() > 1;
  }
  int64_t maxDepth() const;
  /// The blocks a timing subnet gives this row: the median offered depth
  /// (the upper one of an even count), so timing subnets are the size of a
  /// typical subnet, and at least 2 when a repeat is offered, so repeated
  /// blocks are timed too.
  int64_t timingDepth() const;
};

/// Where in the file one token of a list sits.
struct TokenSpan {
  size_t offset = 0, length = 0;
};

/// A bneck row's lists as written, for rewriting the row.
struct RowTokens {
  size_t lineStart = 0, lineLength = 0; ///< the line, without its newline
  std::vector<TokenSpan> kernels, expansions; ///< one span per value
  TokenSpan kernelList, expansionList, depthOption, stride;
};

/// A statement as written, for copying into probe networks.
struct Statement {
  std::string keyword;
  std::string text; ///< the line without its comment
  unsigned line = 0;
};

struct SearchSpace {
  std::string path;
  std::string text; ///< the whole file
  /// The file read as a spec with the first value of every list, each row
  /// standing for one block.
  Spec base;
  /// Parallel to base.bnecks.
  std::vector<RowChoices> rows;
  std::vector<RowTokens> rowTokens;
  /// Every statement, in file order.
  std::vector<Statement> statements;

  /// The line number of bneck row `row`.
  unsigned rowLineNumber(size_t row) const;

  /// Row `row` as a spec line with kernel `kernel` and expansion
  /// `expansion` (indices into its lists) and, if `stride` is set, that
  /// stride; no depth option.
  std::string rowLine(size_t row, size_t kernel, size_t expansion,
                      std::optional<int64_t> stride) const;
};

/// Reads and checks the search space at `path`. Errors are reported
/// through `session` (file:line:col, quoting the file); nullopt then.
std::optional<SearchSpace> readSearchSpace(llvm::StringRef path,
                                           ModelSession &session);

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_SEARCHSPACE_H
