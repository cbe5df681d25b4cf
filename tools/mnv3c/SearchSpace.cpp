//===- SearchSpace.cpp - read a search space: a spec with choice lists ----===//

#include "SearchSpace.h"

#include "ModelSession.h"
#include "mnv3c/Support.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"

using namespace llvm;
using namespace mnv3;
using namespace mnv3::cli;

namespace {
/// Real spaces are a few hundred bytes, as specs are.
constexpr uint64_t kMaxSpaceBytes = 1 << 20;
constexpr int64_t kMaxDepth = 64;

struct Token {
  StringRef text;
  size_t offset; ///< in the file
};

/// The tokens of one line, split as the spec parser splits them.
SmallVector<Token> tokenize(size_t lineStart, StringRef line) {
  SmallVector<Token> tokens;
  for (auto [text, column] : splitSpecLine(line))
    tokens.push_back({text, lineStart + column});
  return tokens;
}

/// Reports problems at byte offsets of the file.
class Reporter {
public:
  Reporter(const SearchSpace &space, mlir::MLIRContext &context)
      : space(space), context(context) {}

  mlir::InFlightDiagnostic error(size_t offset) {
    StringRef before = StringRef(space.text).take_front(offset);
    unsigned line = before.count('\n') + 1;
    size_t lineStart = before.rfind('\n');
    unsigned column =
        offset - (lineStart == StringRef::npos ? 0 : lineStart + 1) + 1;
    return mlir::emitError(
        mlir::FileLineColLoc::get(&context, space.path, line, column));
  }

private:
  const SearchSpace &space;
  mlir::MLIRContext &context;
};

/// The values of a comma-separated list token, or failure after an error.
FailureOr<std::vector<TokenSpan>> splitList(const Token &token,
                                            Reporter &report) {
  std::vector<TokenSpan> values;
  size_t start = 0;
  for (size_t i = 0; i <= token.text.size(); ++i) {
    if (i < token.text.size() && token.text[i] != ',')
      continue;
    if (i == start) {
      report.error(token.offset + start)
          << "empty choice in '" << token.text << "'";
      return failure();
    }
    values.push_back({token.offset + start, i - start});
    start = i + 1;
  }
  return values;
}

/// `depth=D,...`: block counts, distinct, in [1, kMaxDepth].
FailureOr<std::vector<int64_t>> parseDepths(const Token &option,
                                            Reporter &report) {
  size_t keyLength = strlen("depth=");
  Token list{option.text.drop_front(keyLength), option.offset + keyLength};
  FailureOr<std::vector<TokenSpan>> spans = splitList(list, report);
  if (failed(spans))
    return failure();
  std::vector<int64_t> depths;
  for (const TokenSpan &span : *spans) {
    StringRef text = list.text.substr(span.offset - list.offset, span.length);
    int64_t depth;
    if (text.getAsInteger(10, depth)) {
      report.error(span.offset)
          << "expected an integer for depth, got '" << text << "'";
      return failure();
    }
    if (depth < 1 || depth > kMaxDepth) {
      report.error(span.offset) << "depth must be in [1, " << kMaxDepth
                                << "], got " << depth;
      return failure();
    }
    if (is_contained(depths, depth)) {
      report.error(span.offset)
          << "depth " << depth << " is already a choice of this row";
      return failure();
    }
    depths.push_back(depth);
  }
  return depths;
}

/// Reads the lists of one bneck row; the spec parser checks the rest.
LogicalResult scanRow(ArrayRef<Token> args, RowTokens &row, RowChoices &choices,
                      Reporter &report) {
  std::vector<const Token *> positional;
  bool seenDepth = false;
  for (const Token &arg : args) {
    if (!arg.text.contains('=')) {
      positional.push_back(&arg);
      continue;
    }
    StringRef key = arg.text.split('=').first;
    if (key == "d")
      continue; // dilation, the spec's own
    if (key != "depth") {
      report.error(arg.offset)
          << "unknown key '" << key
          << "' for bneck in a search space; expected d (dilation) or depth "
             "(block count choices)";
      return failure();
    }
    if (seenDepth) {
      report.error(arg.offset) << "duplicate 'depth'";
      return failure();
    }
    seenDepth = true;
    FailureOr<std::vector<int64_t>> depths = parseDepths(arg, report);
    if (failed(depths))
      return failure();
    choices.depths = *depths;
    row.depthOption = {arg.offset, arg.text.size()};
  }
  // Too few columns: the spec parser says so on the first parse.
  if (positional.size() < 6)
    return success();
  auto list = [&](const Token &token, TokenSpan &whole,
                  std::vector<TokenSpan> &values) {
    whole = {token.offset, token.text.size()};
    FailureOr<std::vector<TokenSpan>> spans = splitList(token, report);
    if (failed(spans))
      return failure();
    values = *spans;
    return success();
  };
  if (failed(list(*positional[0], row.kernelList, row.kernels)) ||
      failed(list(*positional[1], row.expansionList, row.expansions)))
    return failure();
  row.stride = {positional[5]->offset, positional[5]->text.size()};
  return success();
}

/// Overwrites `span` of `text` with spaces.
void blank(std::string &text, const TokenSpan &span) {
  text.replace(span.offset, span.length, span.length, ' ');
}

/// `text` with row `row`'s lists reduced to the values chosen: the others
/// blanked, so every column keeps its place.
void pick(const SearchSpace &space, std::string &text, size_t row,
          size_t kernel, size_t expansion, std::optional<int64_t> stride) {
  const RowTokens &tokens = space.rowTokens[row];
  if (tokens.kernels.empty())
    return; // a malformed row, left for the spec parser
  auto keep = [&](const TokenSpan &whole, const TokenSpan &value) {
    blank(text, whole);
    text.replace(value.offset, value.length, space.text, value.offset,
                 value.length);
  };
  keep(tokens.kernelList, tokens.kernels[kernel]);
  keep(tokens.expansionList, tokens.expansions[expansion]);
  if (tokens.depthOption.length)
    blank(text, tokens.depthOption);
  if (stride) {
    blank(text, tokens.stride);
    std::string value = std::to_string(*stride);
    text.replace(tokens.stride.offset, value.size(), value);
  }
}

/// The file with the first value of every list.
std::string firstChoices(const SearchSpace &space) {
  std::string text = space.text;
  for (size_t row = 0; row < space.rowTokens.size(); ++row)
    pick(space, text, row, 0, 0, std::nullopt);
  return text;
}

/// Reads the lists of every bneck row and the statements' lines.
LogicalResult scanFile(SearchSpace &space, Reporter &report) {
  StringRef file = space.text;
  unsigned lineNumber = 1;
  for (size_t lineStart = 0; lineStart <= file.size(); ++lineNumber) {
    size_t end = std::min(file.find('\n', lineStart), file.size());
    StringRef line = file.slice(lineStart, end);
    SmallVector<Token> tokens = tokenize(lineStart, line);
    if (!tokens.empty()) {
      space.statements.push_back(
          {tokens.front().text.str(), line.split('#').first.rtrim().str(),
           lineNumber});
      StringRef keyword = tokens.front().text;
      // A probe network ends in the space's own classifier or a small one.
      if (keyword == "output" || keyword == "lraspp" || keyword == "ssdlite")
        return report.error(tokens.front().offset)
               << "'" << keyword
               << "' is not supported in a search space: its subnets are "
                  "classifiers (head, pool, fc)";
      if (keyword == "bneck") {
        RowTokens &row = space.rowTokens.emplace_back();
        row.lineStart = lineStart;
        row.lineLength = line.size();
        if (failed(scanRow(ArrayRef(tokens).drop_front(), row,
                           space.rows.emplace_back(), report)))
          return failure();
      }
    }
    lineStart = end + 1;
  }
  return success();
}

/// Parses the file with one value of row `row` in place of its first and
/// returns that row as the spec parser read it.
std::optional<BneckRow> parseWithChoice(const SearchSpace &space,
                                        ModelSession &session, size_t row,
                                        size_t kernel, size_t expansion) {
  std::string text = firstChoices(space);
  pick(space, text, row, kernel, expansion, std::nullopt);
  std::optional<Spec> spec = session.parseSpecText(text, space.path);
  if (!spec)
    return std::nullopt;
  return spec->bnecks[row];
}

/// Checks every value of every list with the spec parser and records them.
LogicalResult readChoices(SearchSpace &space, ModelSession &session,
                          Reporter &report) {
  for (size_t row = 0; row < space.rows.size(); ++row) {
    RowChoices &choices = space.rows[row];
    const RowTokens &tokens = space.rowTokens[row];
    const BneckRow &first = space.base.bnecks[row];
    auto valueText = [&](const TokenSpan &span) {
      return space.text.substr(span.offset, span.length);
    };
    for (size_t k = 0; k < tokens.kernels.size(); ++k) {
      std::optional<BneckRow> parsed =
          k ? parseWithChoice(space, session, row, k, 0) : first;
      if (!parsed)
        return failure();
      if (is_contained(choices.kernels, parsed->kernel))
        return report.error(tokens.kernels[k].offset)
               << "kernel " << parsed->kernel
               << " is already a choice of this row";
      choices.kernels.push_back(parsed->kernel);
    }
    for (size_t e = 0; e < tokens.expansions.size(); ++e) {
      std::optional<BneckRow> parsed =
          e ? parseWithChoice(space, session, row, 0, e) : first;
      if (!parsed)
        return failure();
      ExpansionChoice choice{valueText(tokens.expansions[e]), parsed->expanded,
                             parsed->expandRatio};
      if (any_of(choices.expansions, [&](const ExpansionChoice &other) {
            return other.channels == choice.channels &&
                   other.ratio == choice.ratio;
          }))
        return report.error(tokens.expansions[e].offset)
               << "expansion " << choice.text
               << " is already a choice of this row";
      choices.expansions.push_back(choice);
    }
  }
  return success();
}
} // namespace

unsigned SearchSpace::rowLineNumber(size_t row) const {
  return StringRef(text).take_front(rowTokens[row].lineStart).count('\n') + 1;
}

int64_t RowChoices::maxDepth() const {
  return *std::max_element(depths.begin(), depths.end());
}

int64_t RowChoices::timingDepth() const {
  std::vector<int64_t> sorted = depths;
  std::sort(sorted.begin(), sorted.end());
  int64_t median = sorted[sorted.size() / 2];
  return maxDepth() > 1 ? std::max<int64_t>(median, 2) : median;
}

std::string SearchSpace::rowLine(size_t row, size_t kernel, size_t expansion,
                                 std::optional<int64_t> stride) const {
  std::string picked = text;
  pick(*this, picked, row, kernel, expansion, stride);
  const RowTokens &tokens = rowTokens[row];
  StringRef line =
      StringRef(picked).substr(tokens.lineStart, tokens.lineLength);
  return line.split('#').first.rtrim().str();
}

std::optional<SearchSpace> mnv3::cli::readSearchSpace(StringRef path,
                                                      ModelSession &session) {
  Expected<std::unique_ptr<MemoryBuffer>> file =
      readInputFile(path, kMaxSpaceBytes, "a search space");
  if (!file) {
    reportFileError(path, toString(file.takeError()));
    return std::nullopt;
  }
  SearchSpace space;
  space.path = path.str();
  space.text = (*file)->getBuffer().str();
  session.addSourceFile(std::move(*file));
  Reporter report(space, session.getContext());
  // A binary file would otherwise be scanned as lines of garbage.
  if (std::string why = findBinaryContent(space.text); !why.empty()) {
    reportFileError(path, "the file looks binary (" + why +
                              "), not like a search space");
    return std::nullopt;
  }
  if (failed(scanFile(space, report)))
    return std::nullopt;
  std::optional<Spec> base = session.parseSpecText(firstChoices(space), path);
  if (!base)
    return std::nullopt;
  space.base = std::move(*base);
  if (failed(readChoices(space, session, report)))
    return std::nullopt;
  return space;
}
