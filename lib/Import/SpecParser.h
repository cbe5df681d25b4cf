//===- SpecParser.h - the .mnv3 spec parser, shared by its files -*- C++ -*-===//
//
// Private to lib/Import: the parser's state and its statements, declared
// once for SpecParser.cpp (the file, the order of statements, settings,
// stem/head, classifier, outputs, dense heads, values) and
// SpecBlockRows.cpp (the block rows and what the family allows in them).
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_LIB_IMPORT_SPECPARSER_H
#define MNV3C_LIB_IMPORT_SPECPARSER_H

#include "mnv3c/Spec.h"

#include "mlir/IR/Diagnostics.h"

#include <cmath>

namespace mnv3::detail {

using mlir::ArrayRef;
using mlir::FailureOr;
using mlir::FileLineColLoc;
using mlir::InFlightDiagnostic;
using mlir::Location;
using mlir::LogicalResult;
using mlir::MLIRContext;
using mlir::StringRef;

/// A word of a spec line and where it starts.
struct Token {
  llvm::StringRef text;
  Location loc;
};

class SpecParser {
public:
  SpecParser(llvm::SourceMgr &sourceMgr, MLIRContext *context)
      : sourceMgr(sourceMgr), context(context) {}

  std::optional<Spec> parse();

private:
  // One statement per keyword; each consumes the tokens after the keyword.
  LogicalResult parseModel(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseInput(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseFamily(const Token &keyword, ArrayRef<Token> args);
  /// `width W`, `depth D`, `bn_eps E`: one number each.
  LogicalResult parseSetting(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseConvRow(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseBneck(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseBottleneck(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseMbconv(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseSepconv(const Token &keyword, ArrayRef<Token> args);
  /// A row of `blocks` blocks like `first`, the first with `stride`, the
  /// others with stride 1: one stage.
  void appendStage(BneckRow first, int64_t blocks, int64_t stride);
  /// torchvision's adjust_depth: a row's n repeats at `depth D` are
  /// ceil(n * D), exactly n at depth 1.
  int64_t depthScaled(int64_t repeats) const {
    return static_cast<int64_t>(std::ceil(repeats * spec.depthMultiplier));
  }
  /// `AxB` (a kernel `3x3`, a resolution `112x112`), each in [min, max];
  /// `form` names the two ("KxK") for the error.
  FailureOr<std::pair<int64_t, int64_t>>
  parsePair(const Token &token, int64_t min, int64_t max, StringRef what,
            StringRef form, StringRef example);
  /// The rows that leave out what the family fixes (`bottleneck`,
  /// `mbconv`): an error naming the families that allow them, or success.
  LogicalResult checkFixedRow(const Token &keyword,
                              bool (FamilyPolicy::*fixes)() const,
                              StringRef fixedWhat, StringRef rowSyntax);
  LogicalResult parseFc(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseOutput(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseLraspp(const Token &keyword, ArrayRef<Token> args);
  LogicalResult parseSsdlite(const Token &keyword, ArrayRef<Token> args);
  /// `handle(key, value, whole token)` for each key=value argument, up to
  /// the first that fails.
  LogicalResult forEachKeyValue(
      ArrayRef<Token> args,
      llvm::function_ref<LogicalResult(StringRef, const Token &, const Token &)>
          handle);
  /// Order and uniqueness of `lraspp` / `ssdlite` (one per spec).
  LogicalResult startDenseHead(const Token &keyword);

  // What the spec's family allows (FamilyPolicy), each reported at the
  // token that asks for more.
  LogicalResult checkActivation(const Token &token, Activation act);
  LogicalResult checkKernel(const Token &token, int64_t kernel);
  LogicalResult checkExpansionRatio(const Token &token, double ratio);
  InFlightDiagnostic familyError(const Token &token) {
    return error(token) << "family " << spec.family->name << " ";
  }
  /// "(torchvision's MobileNetV2 ...)": why the family forbids it.
  std::string torchvisionClass() const {
    return ("torchvision's " + spec.family->torchvisionClass).str();
  }

  // Value parsers: each reports its own error at the token.
  FailureOr<int64_t> parseInt(const Token &token, int64_t min, int64_t max,
                              StringRef what);
  FailureOr<double> parseReal(const Token &token, double min, double max,
                              StringRef what);
  /// `xR`: a multiple R in [0.1, 64] of some channel count.
  FailureOr<double> parseRatio(const Token &token, StringRef what);
  FailureOr<Activation> parseActivation(const Token &token, bool allowNone);
  FailureOr<std::pair<StringRef, Token>> splitKeyValue(const Token &token);
  /// Checks that a statement comes in the right place of the fixed order
  /// model, family/input/width/bn_eps, stem, bneck|bottleneck..., head,
  /// lraspp|ssdlite, pool, fc/dropout..., output...
  LogicalResult checkOrder(const Token &keyword, int stage);

  InFlightDiagnostic error(const Token &token) {
    return emitError(token.loc);
  }
  Location locOf(unsigned line, unsigned column) {
    auto *buffer = sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
    return FileLineColLoc::get(context, buffer->getBufferIdentifier(), line,
                               column);
  }

  llvm::SourceMgr &sourceMgr;
  MLIRContext *context;
  Spec spec;
  int stage = 0;
  const char *stageNames[9] = {"model", "input",  "stem", "bneck", "head",
                               "lraspp", "pool", "fc",   "output"};
  bool seenInput = false, seenWidth = false, seenEps = false,
       seenFamily = false;
  std::optional<Token> depthToken; ///< checked against the family at the end
  int64_t stageCount = 0;          ///< block rows so far
};

enum Stage {
  kModel = 0,
  kSettings,
  kStem,
  kBneck,
  kHead,
  kDenseHead,
  kPool,
  kClassifier,
  kOutput
};

} // namespace mnv3::detail

#endif // MNV3C_LIB_IMPORT_SPECPARSER_H
