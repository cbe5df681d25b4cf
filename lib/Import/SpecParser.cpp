//===- SpecParser.cpp - text of a .mnv3 spec -> Spec -----------------------===//
//
// The language is line based: a keyword, then positional values or key=value
// pairs; `#` starts a comment. Every error points at the offending token.
//
//===----------------------------------------------------------------------===//

#include "SpecParser.h"

#include "mnv3c/Spec.h"
#include "mnv3c/Support.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mnv3;

int64_t mnv3::makeDivisible(double value, int64_t divisor) {
  int64_t rounded = std::max<int64_t>(
      divisor, static_cast<int64_t>(value + divisor / 2.0) / divisor * divisor);
  if (rounded < 0.9 * value)
    rounded += divisor;
  return rounded;
}

using namespace mnv3::detail;

std::optional<Spec> SpecParser::parse() {
  auto *buffer = sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  // Checked first: every line of a binary file would be an error of its own,
  // and quoting them would print the garbage.
  if (std::string why = findBinaryContent(buffer->getBuffer()); !why.empty()) {
    emitError(locOf(0, 0)) << "the file looks binary (" << why
                           << "), not like an mnv3 spec; a weights file goes "
                              "with --weights";
    return std::nullopt;
  }
  spec.loc = locOf(1, 1);
  llvm::SmallVector<StringRef> lines;
  buffer->getBuffer().split(lines, '\n');
  bool ok = true;
  for (auto [index, rawLine] : llvm::enumerate(lines)) {
    SmallVector<Token> tokens;
    for (auto [text, column] : splitSpecLine(rawLine))
      tokens.push_back({text, locOf(index + 1, column + 1)});
    if (tokens.empty())
      continue;
    const Token &keyword = tokens.front();
    ArrayRef<Token> args = ArrayRef<Token>(tokens).drop_front();
    LogicalResult result = success();
    if (keyword.text == "model")
      result = parseModel(keyword, args);
    else if (keyword.text == "input")
      result = parseInput(keyword, args);
    else if (keyword.text == "family")
      result = parseFamily(keyword, args);
    else if (keyword.text == "width" || keyword.text == "depth" ||
             keyword.text == "bn_eps")
      result = parseSetting(keyword, args);
    else if (keyword.text == "stem" || keyword.text == "head")
      result = parseConvRow(keyword, args);
    else if (keyword.text == "bneck")
      result = parseBneck(keyword, args);
    else if (keyword.text == "bottleneck")
      result = parseBottleneck(keyword, args);
    else if (keyword.text == "mbconv")
      result = parseMbconv(keyword, args);
    else if (keyword.text == "sepconv")
      result = parseSepconv(keyword, args);
    else if (keyword.text == "pool") {
      if (failed(checkOrder(keyword, kPool)))
        result = failure();
      else if (spec.poolLoc)
        result = error(keyword) << "duplicate 'pool'";
      else if (args.size() != 1 || args[0].text != "avg")
        result = error(args.empty() ? keyword : args[0])
                 << "expected 'pool avg' (global average pooling)";
      else
        spec.poolLoc = keyword.loc;
    } else if (keyword.text == "fc" || keyword.text == "dropout")
      result = parseFc(keyword, args);
    else if (keyword.text == "output")
      result = parseOutput(keyword, args);
    else if (keyword.text == "lraspp")
      result = parseLraspp(keyword, args);
    else if (keyword.text == "ssdlite")
      result = parseSsdlite(keyword, args);
    else
      result = error(keyword) << "unknown statement '" << keyword.text
                              << "'; expected one of model, family, input, "
                                 "width, depth, bn_eps, stem, bneck, "
                                 "bottleneck, mbconv, sepconv, head, lraspp, "
                                 "ssdlite, pool, fc, dropout, output";
    ok &= succeeded(result);
    // Later rows are checked against the family: after a family line that
    // failed, each would be one more error about the same mistake.
    if (failed(result) && keyword.text == "family")
      break;
  }
  if (ok && depthToken && !spec.family->depthMultiplier) {
    familyError(*depthToken) << "has no depth multiplier ("
                             << torchvisionClass() << " has none)";
    ok = false;
  }
  if (!ok)
    return std::nullopt;
  if (!seenEps)
    spec.batchNormEpsilon = spec.family->batchNormEpsilon;

  // Everything a network needs must be there.
  Token end{"", locOf(lines.size(), 1)};
  auto missing = [&](StringRef what) {
    error(end) << "spec ends without " << what;
    return std::nullopt;
  };
  if (spec.name.empty())
    return missing("a 'model' line");
  if (!spec.stem)
    return missing("a 'stem' line");
  if (spec.bnecks.empty())
    return missing("any 'bneck' (or 'bottleneck' or 'mbconv') row");
  if (!spec.head)
    return missing("a 'head' line");
  // A dense-prediction head is the whole end of the network.
  if (spec.lraspp || spec.ssdlite) {
    LocationAttr extra = spec.poolLoc ? spec.poolLoc
                         : !spec.classifier.empty() ? spec.classifier[0].loc
                         : !spec.outputs.empty()    ? spec.outputs[0].loc
                                                    : LocationAttr();
    if (extra) {
      emitError(extra) << "'" << (spec.lraspp ? "lraspp" : "ssdlite")
                       << "' is the network's head and names its results; "
                          "it takes no pool, fc or output after it";
      return std::nullopt;
    }
    return std::move(spec);
  }
  // Backbone mode: named outputs and no classifier.
  if (!spec.outputs.empty() && !spec.poolLoc && spec.classifier.empty())
    return std::move(spec);
  if (!spec.poolLoc)
    return missing("'pool avg' (or 'output' lines naming the tensors a "
                   "backbone returns)");
  if (llvm::none_of(spec.classifier, [](const FcRow &r) { return !r.isDropout; }))
    return missing("an 'fc' layer (the classifier)");
  if (spec.classifier.back().isDropout)
    return missing("a final 'fc' layer after the last dropout");
  if (spec.classifier.back().act != Activation::none) {
    emitError(spec.classifier.back().loc)
        << "the last fc gives the logits and takes no activation";
    return std::nullopt;
  }
  return std::move(spec);
}

LogicalResult SpecParser::checkOrder(const Token &keyword, int newStage) {
  // Repeatable statements may follow themselves; nothing may go backwards.
  if (newStage < stage) {
    return error(keyword) << "'" << keyword.text << "' must come before '"
                          << stageNames[stage] << "'";
  }
  if (newStage > kModel && spec.name.empty())
    return error(keyword) << "a spec must start with 'model NAME'";
  stage = newStage;
  return success();
}

LogicalResult SpecParser::parseModel(const Token &keyword,
                                     ArrayRef<Token> args) {
  if (!spec.name.empty())
    return error(keyword) << "duplicate 'model'";
  if (args.size() != 1)
    return error(keyword) << "expected 'model NAME'";
  StringRef name = args[0].text;
  if (!isCIdentifier(name))
    return error(args[0]) << "model name '" << name
                          << "' must be a C identifier (it names the generated code)";
  spec.name = name.str();
  spec.loc = args[0].loc;
  return success();
}

LogicalResult SpecParser::parseInput(const Token &keyword,
                                     ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kSettings)))
    return failure();
  if (args.empty())
    return error(keyword) << "expected 'input CxHxW'";
  if (seenInput)
    return error(keyword) << "duplicate 'input'";
  seenInput = true;
  SmallVector<StringRef> parts;
  args[0].text.split(parts, 'x');
  if (args.size() != 1 || parts.size() != 3)
    return error(args[0]) << "expected 'input CxHxW', e.g. 'input 3x224x224'";
  int64_t dims[3];
  const char *names[3] = {"input channels", "input height", "input width"};
  for (int i = 0; i < 3; ++i) {
    auto value = parseInt(Token{parts[i], args[0].loc}, 1, kMaxMapSide, names[i]);
    if (failed(value))
      return failure();
    dims[i] = *value;
  }
  spec.inChannels = dims[0];
  spec.inHeight = dims[1];
  spec.inWidth = dims[2];
  return success();
}

LogicalResult SpecParser::parseFamily(const Token &keyword,
                                      ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kSettings)))
    return failure();
  if (seenFamily)
    return error(keyword) << "duplicate 'family'";
  if (args.size() != 1)
    return error(args.size() > 1 ? args[1] : keyword)
           << "expected 'family NAME', NAME one of " << familyNameList();
  const FamilyPolicy *family = findFamily(args[0].text);
  if (!family)
    return error(args[0]) << "unknown family '" << args[0].text
                          << "'; expected " << familyNameList();
  seenFamily = true;
  spec.family = family;
  return success();
}

LogicalResult SpecParser::parseSetting(const Token &keyword,
                                       ArrayRef<Token> args) {
  struct Setting {
    bool &seen;
    double &value;
    double min, max;
    StringRef what;
  };
  bool seenDepth = depthToken.has_value();
  Setting setting =
      keyword.text == "width"   ? Setting{seenWidth, spec.widthMultiplier, 0.05,
                                        8.0, "width multiplier"}
      : keyword.text == "depth" ? Setting{seenDepth, spec.depthMultiplier, 0.1,
                                          8.0, "depth multiplier"}
                                : Setting{seenEps, spec.batchNormEpsilon, 1e-12,
                                          1.0, "bn_eps"};
  if (failed(checkOrder(keyword, kSettings)))
    return failure();
  if (setting.seen)
    return error(keyword) << "duplicate '" << keyword.text << "'";
  if (args.size() != 1)
    return error(keyword) << "'" << keyword.text << "' takes one value";
  setting.seen = true;
  if (keyword.text == "depth")
    depthToken = keyword;
  auto value = parseReal(args[0], setting.min, setting.max, setting.what);
  if (failed(value))
    return failure();
  setting.value = *value;
  return success();
}

LogicalResult SpecParser::parseConvRow(const Token &keyword,
                                       ArrayRef<Token> args) {
  bool isStem = keyword.text == "stem";
  if (failed(checkOrder(keyword, isStem ? kStem : kHead)))
    return failure();
  std::optional<ConvRow> &slot = isStem ? spec.stem : spec.head;
  if (slot)
    return error(keyword) << "duplicate '" << keyword.text << "'";
  ConvRow row;
  row.loc = keyword.loc;
  row.kernel = isStem ? 3 : 1;
  row.stride = isStem ? 2 : 1;
  if (spec.family->onlyActivation)
    row.act = *spec.family->onlyActivation;
  // The paper's tables say "conv2d"; allow the word for readability.
  if (!args.empty() && args[0].text == "conv")
    args = args.drop_front();
  bool hasOut = false;
  for (const Token &arg : args) {
    auto pair = splitKeyValue(arg);
    if (failed(pair))
      return failure();
    auto [key, value] = *pair;
    if (key == "k") {
      auto k = parseInt(value, 1, 11, "kernel size");
      if (failed(k))
        return failure();
      if (*k % 2 == 0)
        return error(value) << "kernel size must be odd, got " << *k;
      if (!isStem && *k != 1)
        return error(value) << "the head is a 1x1 convolution";
      row.kernel = *k;
    } else if (key == "out") {
      hasOut = true;
      if (!isStem && value.text.starts_with("x")) {
        auto multiple = parseRatio(value, "head multiple");
        if (failed(multiple))
          return failure();
        row.outMultiple = *multiple;
        continue;
      }
      auto out = parseInt(value, 1, 100000, "output channels");
      if (failed(out))
        return failure();
      row.out = *out;
    } else if (key == "s" && isStem) {
      auto s = parseInt(value, 1, 2, "stride");
      if (failed(s))
        return failure();
      row.stride = *s;
    } else if (key == "act") {
      auto act = parseActivation(value, /*allowNone=*/true);
      if (failed(act) || failed(checkActivation(value, *act)))
        return failure();
      row.act = *act;
    } else {
      return error(arg) << "unknown key '" << key << "' for " << keyword.text
                        << "; expected " << (isStem ? "k, out, s, act" : "out, act");
    }
  }
  if (!hasOut)
    return error(keyword) << "'" << keyword.text << "' needs out=N";
  slot = row;
  return success();
}

LogicalResult SpecParser::parseFc(const Token &keyword, ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kClassifier)))
    return failure();
  FcRow row;
  row.loc = keyword.loc;
  if (keyword.text == "dropout") {
    // Inference ignores dropout, but it takes a classifier index in
    // torchvision's nn.Sequential, so weight names depend on it.
    if (args.size() != 1 || failed(parseReal(args[0], 0.0, 1.0, "dropout")))
      return args.size() == 1 ? failure()
                              : (error(keyword) << "expected 'dropout P'",
                                 failure());
    row.isDropout = true;
    spec.classifier.push_back(row);
    return success();
  }
  if (args.empty())
    return error(keyword) << "expected 'fc N [act=...]'";
  if (!spec.family->hiddenFc &&
      llvm::any_of(spec.classifier, [](const FcRow &r) { return !r.isDropout; }))
    return familyError(keyword)
           << "has one fc, the logits, after an optional dropout (the "
              "classifier of "
           << torchvisionClass() << "): no second fc";
  auto out = parseInt(args[0], 1, 1000000, "fc output features");
  if (failed(out))
    return failure();
  row.out = *out;
  for (const Token &arg : args.drop_front()) {
    auto pair = splitKeyValue(arg);
    if (failed(pair))
      return failure();
    auto [key, value] = *pair;
    if (key != "act")
      return error(arg) << "unknown key '" << key << "' for fc; expected act";
    auto act = parseActivation(value, /*allowNone=*/true);
    if (failed(act))
      return failure();
    row.act = *act;
  }
  spec.classifier.push_back(row);
  return success();
}

LogicalResult SpecParser::parseOutput(const Token &keyword,
                                      ArrayRef<Token> args) {
  if (failed(checkOrder(keyword, kOutput)))
    return failure();
  if (args.size() != 2)
    return error(args.size() > 2 ? args[2] : keyword)
           << "expected 'output NAME MODULE', e.g. 'output stride8 features.6'";
  StringRef name = args[0].text;
  if (!isCIdentifier(name))
    return error(args[0]) << "output name '" << name
                          << "' must be a C identifier (it names the "
                             "generated header's macros)";
  if (name.size() > 32)
    return error(args[0]) << "output name '" << name
                          << "' is longer than 32 characters";
  for (const OutputRow &other : spec.outputs)
    if (other.name == name)
      return error(args[0]) << "duplicate output name '" << name << "'";
  if (spec.outputs.size() == kMaxOutputs)
    return error(keyword) << "more than " << kMaxOutputs << " outputs";
  spec.outputs.push_back(
      {name.str(), args[1].text.str(), args[0].loc, args[1].loc});
  return success();
}

LogicalResult SpecParser::forEachKeyValue(
    ArrayRef<Token> args,
    llvm::function_ref<LogicalResult(StringRef, const Token &, const Token &)>
        handle) {
  for (const Token &arg : args) {
    auto pair = splitKeyValue(arg);
    if (failed(pair) || failed(handle(pair->first, pair->second, arg)))
      return failure();
  }
  return success();
}

LogicalResult SpecParser::startDenseHead(const Token &keyword) {
  if (failed(checkOrder(keyword, kDenseHead)))
    return failure();
  if (!spec.family->denseHeads)
    return familyError(keyword) << "takes no '" << keyword.text
                                << "' head (torchvision builds LR-ASPP and "
                                   "SSDLite on MobileNetV3)";
  if (spec.lraspp || spec.ssdlite)
    return error(keyword) << "a second dense-prediction head ('lraspp' or "
                             "'ssdlite'); a spec has at most one";
  return success();
}

LogicalResult SpecParser::parseLraspp(const Token &keyword,
                                      ArrayRef<Token> args) {
  if (failed(startDenseHead(keyword)))
    return failure();
  LrasppRow row;
  row.loc = keyword.loc;
  auto keyValue = [&](StringRef key, const Token &value,
                      const Token &arg) -> LogicalResult {
    if (key == "low" || key == "high") {
      (key == "low" ? row.low : row.high) = value.text.str();
      (key == "low" ? row.lowLoc : row.highLoc) = value.loc;
      return success();
    }
    if (key != "inter" && key != "classes")
      return error(arg) << "unknown key '" << key
                        << "' for lraspp; expected low, high, inter, classes";
    auto number = parseInt(value, 1, 65536,
                           key == "inter" ? "lraspp inter channels"
                                          : "lraspp classes");
    if (failed(number))
      return failure();
    (key == "inter" ? row.inter : row.classes) = *number;
    return success();
  };
  if (failed(forEachKeyValue(args, keyValue)))
    return failure();
  for (auto [given, key] : {std::pair{!row.low.empty(), "low=MODULE"},
                            {!row.high.empty(), "high=MODULE"},
                            {row.classes > 0, "classes=N"}})
    if (!given)
      return error(keyword) << "'lraspp' needs " << key
                            << ", e.g. 'lraspp low=backbone.4 "
                               "high=backbone.16 classes=21'";
  spec.lraspp = row;
  return success();
}

LogicalResult SpecParser::parseSsdlite(const Token &keyword,
                                       ArrayRef<Token> args) {
  if (failed(startDenseHead(keyword)))
    return failure();
  SsdliteRow row;
  row.loc = keyword.loc;
  auto keyValue = [&](StringRef key, const Token &value,
                      const Token &arg) -> LogicalResult {
    if (key == "classes") {
      auto number = parseInt(value, 2, 65536, "ssdlite classes");
      if (failed(number))
        return failure();
      row.classes = *number;
      return success();
    }
    if (key != "extras")
      return error(arg) << "unknown key '" << key
                        << "' for ssdlite; expected classes, extras";
    SmallVector<StringRef> parts;
    value.text.split(parts, ',');
    if (parts.size() != 4)
      return error(value) << "ssdlite extras takes the four extra blocks' "
                             "channels, e.g. extras=512,256,256,128";
    row.extras.clear();
    for (StringRef part : parts) {
      auto number = parseInt(Token{part, value.loc}, 2, 65536,
                             "ssdlite extra channels");
      if (failed(number))
        return failure();
      row.extras.push_back(*number);
    }
    return success();
  };
  if (failed(forEachKeyValue(args, keyValue)))
    return failure();
  if (row.classes == 0)
    return error(keyword) << "'ssdlite' needs classes=N, e.g. 'ssdlite "
                             "classes=91'";
  spec.ssdlite = row;
  return success();
}

FailureOr<int64_t> SpecParser::parseInt(const Token &token, int64_t min,
                                        int64_t max, StringRef what) {
  int64_t value;
  if (token.text.getAsInteger(10, value))
    return error(token) << "expected an integer for " << what << ", got '"
                        << token.text << "'";
  if (value < min || value > max)
    return error(token) << what << " must be in [" << min << ", " << max
                        << "], got " << value;
  return value;
}

FailureOr<double> SpecParser::parseReal(const Token &token, double min,
                                        double max, StringRef what) {
  double value;
  if (token.text.getAsDouble(value) || !std::isfinite(value))
    return error(token) << "expected a number for " << what << ", got '"
                        << token.text << "'";
  if (value < min || value > max)
    return error(token) << what << " must be in ["
                        << llvm::formatv("{0}", min).str() << ", "
                        << llvm::formatv("{0}", max).str() << "], got "
                        << token.text;
  return value;
}

FailureOr<std::pair<int64_t, int64_t>>
SpecParser::parsePair(const Token &token, int64_t min, int64_t max,
                      StringRef what, StringRef form, StringRef example) {
  auto [first, second] = token.text.split('x');
  if (!token.text.contains('x'))
    return error(token) << "expected " << what << " " << form << ", e.g. "
                        << example << ", got '" << token.text << "'";
  auto a = parseInt(Token{first, token.loc}, min, max, what);
  if (failed(a))
    return failure();
  auto b = parseInt(Token{second, token.loc}, min, max, what);
  if (failed(b))
    return failure();
  return std::make_pair(*a, *b);
}

FailureOr<double> SpecParser::parseRatio(const Token &token, StringRef what) {
  double value;
  if (token.text.drop_front().getAsDouble(value) || !std::isfinite(value))
    return error(token) << "expected xR (R a number) for " << what << ", got '"
                        << token.text << "'";
  if (value < 0.1 || value > 64)
    return error(token) << what << " must be in [0.1, 64], got " << token.text;
  return value;
}

FailureOr<Activation> SpecParser::parseActivation(const Token &token,
                                                  bool allowNone) {
  // Names from mnv3c/Activations.h (the paper's RE and HS, torchvision's
  // Hardswish and SiLU too). Sigmoid and hard sigmoid are SE gates, which a
  // spec does not choose, not layer activations.
  std::optional<Activation> act;
  if (std::optional<ActivationKind> kind = activationNamed(token.text.str()))
    if (*kind != ActivationKind::sigmoid && *kind != ActivationKind::hardsigmoid)
      act = toActivation(*kind);
  if (act == Activation::none && !allowNone)
    return error(token) << "a block needs an activation: relu, hswish, relu6 "
                           "or swish";
  if (!act)
    return error(token) << "unknown activation '" << token.text
                        << "'; expected relu, hswish, relu6, swish"
                        << (allowNone ? " or none" : "");
  return *act;
}

FailureOr<std::pair<StringRef, Token>>
SpecParser::splitKeyValue(const Token &token) {
  auto [key, value] = token.text.split('=');
  if (key.empty() || value.empty() || !token.text.contains('='))
    return error(token) << "expected key=value, got '" << token.text << "'";
  auto *start = token.text.data();
  Location valueLoc = token.loc;
  if (auto fileLoc = dyn_cast<FileLineColLoc>(token.loc))
    valueLoc = FileLineColLoc::get(context, fileLoc.getFilename(),
                                   fileLoc.getLine(),
                                   fileLoc.getColumn() + (value.data() - start));
  return std::make_pair(key, Token{value, valueLoc});
}


llvm::SmallVector<std::pair<StringRef, size_t>>
mnv3::splitSpecLine(StringRef line) {
  line = line.split('#').first;
  llvm::SmallVector<std::pair<StringRef, size_t>> words;
  for (size_t pos = 0;;) {
    pos = line.find_first_not_of(" \t\r", pos);
    if (pos == StringRef::npos)
      break;
    size_t end = std::min(line.find_first_of(" \t\r", pos), line.size());
    words.push_back({line.slice(pos, end), pos});
    pos = end;
  }
  return words;
}

std::optional<Spec> mnv3::parseSpec(llvm::SourceMgr &sourceMgr,
                                    MLIRContext *context) {
  return SpecParser(sourceMgr, context).parse();
}