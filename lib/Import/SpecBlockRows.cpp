//===- SpecBlockRows.cpp - bneck, bottleneck, mbconv and sepconv rows ------===//
//
// The rows that make the blocks between stem and head, each checked at its
// tokens against what the spec's family allows (FamilyPolicy), and the
// stages they expand into.
//
//===----------------------------------------------------------------------===//

#include "SpecParser.h"

using namespace mlir;
using namespace mnv3;
using namespace mnv3::detail;


LogicalResult SpecParser::parseBneck(const Token &keyword,
                                     ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kBneck)))
    return failure();
  // Positional columns as in the paper's tables, then key=value options.
  size_t positional = 0;
  while (positional < args.size() && !args[positional].text.contains('='))
    ++positional;
  if (positional != 6)
    return error(positional < args.size() ? args[positional] : keyword)
           << "bneck rows have 6 columns: kernel expansion out se act stride "
              "(then optional d=N), got "
           << positional;
  BneckRow row;
  row.loc = keyword.loc;
  auto kernel = parseInt(args[0], 1, 11, "kernel size");
  if (failed(kernel))
    return failure();
  if (*kernel % 2 == 0)
    return error(args[0]) << "kernel size must be odd, got " << *kernel;
  const FamilyPolicy &family = *spec.family;
  if (failed(checkKernel(args[0], *kernel)))
    return failure();
  row.kernel = *kernel;
  if (args[1].text.starts_with("x")) {
    auto ratio = parseRatio(args[1], "expansion ratio");
    if (failed(ratio) || failed(checkExpansionRatio(args[1], *ratio)))
      return failure();
    row.expandRatio = *ratio;
  } else if (family.expansionIsRatio) {
    return familyError(args[1])
           << "writes the expansion as "
           << (family.expansionRatioIsInteger ? "an integer ratio xT"
                                              : "a ratio xR")
           << " of the block's input channels (expand_ratio in "
           << torchvisionClass()
           << "), e.g. x6, not a channel count; got '"
           << args[1].text << "'";
  } else {
    auto expanded = parseInt(args[1], 1, 100000, "expansion channels");
    if (failed(expanded))
      return failure();
    row.expanded = *expanded;
  }
  auto out = parseInt(args[2], 1, 100000, "output channels");
  if (failed(out))
    return failure();
  row.out = *out;
  if (args[3].text == "se")
    row.squeezeExcite = true;
  else if (args[3].text != "-")
    return error(args[3]) << "the se column is 'se' or '-', got '"
                          << args[3].text << "'";
  if (row.squeezeExcite && family.squeezeExcite == SqueezeExciteRule::never)
    return familyError(args[3]) << "has no squeeze-and-excitation ("
                                << torchvisionClass()
                                << " has none): write '-'";
  if (!row.squeezeExcite &&
      family.squeezeExcite == SqueezeExciteRule::everyBlock)
    return familyError(args[3])
           << "has squeeze-and-excitation in every block ("
           << torchvisionClass() << " hard-codes it): write 'se'";
  auto act = parseActivation(args[4], /*allowNone=*/false);
  if (failed(act) || failed(checkActivation(args[4], *act)))
    return failure();
  row.act = *act;
  auto stride = parseInt(args[5], 1, 2, "stride");
  if (failed(stride))
    return failure();
  row.stride = *stride;
  for (const Token &arg : args.drop_front(6)) {
    auto pair = splitKeyValue(arg);
    if (failed(pair))
      return failure();
    auto [key, value] = *pair;
    if (key != "d")
      return error(arg) << "unknown key '" << key << "' for bneck; expected d";
    if (!family.dilation)
      return familyError(arg) << "has no dilated blocks ("
                              << torchvisionClass() << " has none)";
    auto dilation = parseInt(value, 1, 16, "dilation");
    if (failed(dilation))
      return failure();
    row.dilation = *dilation;
  }
  if (row.dilation > 1 && row.stride > 1)
    return error(args[5]) << "a dilated block (d=" << row.dilation
                          << ") keeps its resolution: use stride 1, not "
                          << row.stride;
  appendStage(row, 1, row.stride);
  return success();
}

LogicalResult SpecParser::parseBottleneck(const Token &keyword,
                                         ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kBneck)))
    return failure();
  const FamilyPolicy &family = *spec.family;
  if (failed(checkFixedRow(keyword,
                           &FamilyPolicy::fixesBlockKernelAndActivation,
                           "the kernel and the activation",
                           "bottleneck t c n s")))
    return failure();
  if (args.size() != 4)
    return error(args.size() > 4 ? args[4] : keyword)
           << "bottleneck rows have 4 columns: t (expansion ratio) c (output "
              "channels) n (repeats) s (stride of the first), got "
           << args.size();
  auto ratio = parseReal(args[0], 0.1, 64, "expansion ratio t");
  if (failed(ratio) || failed(checkExpansionRatio(args[0], *ratio)))
    return failure();
  auto out = parseInt(args[1], 1, 100000, "output channels");
  if (failed(out))
    return failure();
  auto repeats = parseInt(args[2], 1, 64, "repeat count n");
  if (failed(repeats))
    return failure();
  auto stride = parseInt(args[3], 1, 2, "stride");
  if (failed(stride))
    return failure();
  // The paper's Table 2: n blocks of c channels, the first with stride s.
  BneckRow row;
  row.loc = keyword.loc;
  row.kernel = family.kernels.front();
  row.expandRatio = *ratio;
  row.out = *out;
  row.act = *family.onlyActivation;
  appendStage(row, depthScaled(*repeats), *stride);
  return success();
}

LogicalResult SpecParser::parseMbconv(const Token &keyword,
                                      ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kBneck)))
    return failure();
  const FamilyPolicy &family = *spec.family;
  if (failed(checkFixedRow(keyword,
                           &FamilyPolicy::fixesBlockActivationAndSqueezeExcite,
                           "the activation and the SE column",
                           "mbconv e KxK HxW c n s")))
    return failure();
  if (args.size() != 6)
    return error(args.size() > 6 ? args[6] : keyword)
           << "mbconv rows have 6 columns: e (expansion ratio) KxK (kernel) "
              "HxW (the stage's input resolution) c (output channels) n "
              "(repeats) s (stride of the first), got "
           << args.size();
  auto ratio = parseReal(args[0], 0.1, 64, "expansion ratio e");
  if (failed(ratio) || failed(checkExpansionRatio(args[0], *ratio)))
    return failure();
  auto kernel = parsePair(args[1], 1, 11, "kernel size", "KxK", "3x3");
  if (failed(kernel))
    return failure();
  if (kernel->first != kernel->second)
    return error(args[1]) << "depthwise kernels are square: expected KxK, "
                             "e.g. 3x3, got '" << args[1].text << "'";
  if (kernel->first % 2 == 0)
    return error(args[1]) << "kernel size must be odd, got " << kernel->first;
  if (failed(checkKernel(args[1], kernel->first)))
    return failure();
  auto resolution =
      parsePair(args[2], 1, kMaxMapSide, "stage resolution", "HxW", "112x112");
  if (failed(resolution))
    return failure();
  auto out = parseInt(args[3], 1, 100000, "output channels");
  if (failed(out))
    return failure();
  auto repeats = parseInt(args[4], 1, 64, "repeat count n");
  if (failed(repeats))
    return failure();
  auto stride = parseInt(args[5], 1, 2, "stride");
  if (failed(stride))
    return failure();
  // The paper's Table 1: a stage of n blocks of c channels at resolution
  // HxW, the first with stride s.
  BneckRow row;
  row.loc = keyword.loc;
  row.kernel = kernel->first;
  row.expandRatio = *ratio;
  row.out = *out;
  row.squeezeExcite = family.squeezeExcite == SqueezeExciteRule::everyBlock;
  row.act = *family.onlyActivation;
  row.stageInput = *resolution;
  row.stageInputLoc = args[2].loc;
  appendStage(row, depthScaled(*repeats), *stride);
  return success();
}

LogicalResult SpecParser::parseSepconv(const Token &keyword,
                                       ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kBneck)))
    return failure();
  const FamilyPolicy &family = *spec.family;
  if (!family.separableKernel || !family.onlyActivation)
    return familyError(keyword)
           << "has no bare separable block ('sepconv' is the depthwise "
              "separable convolution that MNASNet keeps in its flat layers "
              "Sequential): write 'bneck K EXP OUT SE ACT 1' with EXP its "
              "input channels";
  if (!spec.bnecks.empty())
    return error(keyword) << "'sepconv' is the first block, right after the "
                             "stem (where "
                          << torchvisionClass() << " has it)";
  if (args.size() != 3)
    return error(args.size() > 3 ? args[3] : keyword)
           << "sepconv rows have 3 columns: KxK (kernel) HxW (input "
              "resolution) c (output channels), got "
           << args.size();
  auto kernel = parsePair(args[0], 1, 11, "kernel size", "KxK", "3x3");
  if (failed(kernel))
    return failure();
  if (kernel->first != family.separableKernel ||
      kernel->second != family.separableKernel)
    return familyError(args[0])
           << "has a " << family.separableKernel << "x"
           << family.separableKernel << " separable convolution only ("
           << torchvisionClass() << " hard-codes it), got '" << args[0].text
           << "'";
  auto resolution =
      parsePair(args[1], 1, kMaxMapSide, "resolution", "HxW", "112x112");
  if (failed(resolution))
    return failure();
  auto out = parseInt(args[2], 1, 100000, "output channels");
  if (failed(out))
    return failure();
  BneckRow row;
  row.loc = keyword.loc;
  row.kernel = kernel->first;
  row.expandRatio = 1;
  row.out = *out;
  row.separable = true;
  row.act = *family.onlyActivation;
  row.stageInput = *resolution;
  row.stageInputLoc = args[1].loc;
  appendStage(row, 1, 1);
  return success();
}

void SpecParser::appendStage(BneckRow first, int64_t blocks, int64_t stride) {
  for (int64_t i = 0; i < blocks; ++i) {
    BneckRow row = first;
    row.stride = i == 0 ? stride : 1;
    row.stage = stageCount;
    row.indexInStage = i;
    if (i > 0)
      row.stageInput.reset();
    spec.bnecks.push_back(row);
  }
  ++stageCount;
}

LogicalResult SpecParser::checkFixedRow(const Token &keyword,
                                        bool (FamilyPolicy::*fixes)() const,
                                        StringRef fixedWhat,
                                        StringRef rowSyntax) {
  const FamilyPolicy &family = *spec.family;
  if ((family.*fixes)())
    return success();
  std::string fixing;
  for (const FamilyPolicy &other : allFamilies())
    if ((other.*fixes)())
      fixing += (fixing.empty() ? "" : ", ") + other.name.str();
  // The rows this family does take.
  std::string rows = "'bneck K EXP OUT SE ACT S'";
  if (family.fixesBlockKernelAndActivation())
    rows += " or 'bottleneck t c n s'";
  if (family.fixesBlockActivationAndSqueezeExcite())
    rows += " or 'mbconv e KxK HxW c n s'";
  return error(keyword) << "'" << rowSyntax << "' rows leave out "
                        << fixedWhat << ", so they need a family that fixes "
                        << "both (" << fixing << "); family " << family.name
                        << " writes " << rows << " rows";
}

LogicalResult SpecParser::checkActivation(const Token &token, Activation act) {
  std::optional<Activation> only = spec.family->onlyActivation;
  if (!only || act == *only)
    return success();
  return familyError(token) << "uses " << stringifyActivation(*only)
                            << " only (" << torchvisionClass()
                            << " hard-codes it), got '" << token.text << "'";
}

LogicalResult SpecParser::checkKernel(const Token &token, int64_t kernel) {
  llvm::ArrayRef<int64_t> kernels = spec.family->kernels;
  if (kernels.empty() || llvm::is_contained(kernels, kernel))
    return success();
  InFlightDiagnostic diagnostic = familyError(token) << "has ";
  for (auto [index, allowed] : llvm::enumerate(kernels))
    diagnostic << (index == 0 ? "" : index + 1 == kernels.size() ? " or " : ", ")
               << allowed << "x" << allowed;
  return diagnostic << " depthwise kernels only (" << torchvisionClass()
                    << " hard-codes them), got " << kernel;
}

LogicalResult SpecParser::checkExpansionRatio(const Token &token,
                                              double ratio) {
  if (!spec.family->expansionRatioIsInteger || ratio == std::floor(ratio))
    return success();
  return familyError(token) << "expands by an integer ratio (expand_ratio "
                               "is an int in "
                            << torchvisionClass() << "), got '"
                            << token.text << "'";
}
