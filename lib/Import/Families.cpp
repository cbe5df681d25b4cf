//===- Families.cpp - one policy table per network family -----------------===//
//
// Each table states what torchvision's class for the family does, checked
// against torchvision 0.14 (test/Import/state-dict-names.test compares the
// imported names and shapes with each class's state_dict). A new family
// adds a table; where its rules cannot be said with these fields, a field
// is added (or becomes a function of the policy), never a copy of a table.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Family.h"
#include "mnv3c/Spec.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace mnv3;

namespace {

/// torchvision.models.MobileNetV3: InvertedResidual's pieces are
/// Conv2dNormActivation modules and SqueezeExcitation in `block`; any
/// activation; the head scales with the width multiplier; BatchNorm eps
/// 0.001 (its norm_layer is partial(nn.BatchNorm2d, eps=0.001)).
FamilyPolicy mobileNetV3() {
  FamilyPolicy family;
  family.name = "mobilenet_v3";
  family.torchvisionClass = "MobileNetV3";
  family.features = "features";
  family.blockBody = "block";
  family.batchNormEpsilon = 1e-3;
  return family;
}

/// torchvision.models.MobileNetV2: InvertedResidual's pieces are in `conv`,
/// the projection a bare Conv2d then a BatchNorm2d; ReLU6 and 3x3
/// depthwise kernels hard-coded, no SE, no dilation; hidden width
/// round(in * expand_ratio), expand_ratio an int; last_channel
/// make_divisible(1280 * max(1.0, width_mult)); classifier Dropout + Linear;
/// plain nn.BatchNorm2d (eps 1e-5).
FamilyPolicy mobileNetV2() {
  FamilyPolicy family;
  family.name = "mobilenet_v2";
  family.torchvisionClass = "MobileNetV2";
  family.features = "features";
  family.blockBody = "conv";
  family.pieceLayout = PieceLayout::flatProjection;
  family.squeezeExcite = SqueezeExciteRule::never;
  family.dilation = false;
  family.onlyActivation = Activation::relu6;
  static const int64_t kernels[] = {3};
  family.kernels = kernels;
  family.expansionIsRatio = true;
  family.expansionRatioIsInteger = true;
  family.headWidth = HeadWidthRule::neverNarrowed;
  family.hiddenFc = false;
  family.denseHeads = false;
  family.batchNormEpsilon = 1e-5;
  return family;
}

/// torchvision.models.EfficientNet (B0-B7, MBConv stages): `features.S` is
/// a Sequential of the stage's MBConv blocks, whose pieces are in `block`;
/// SiLU hard-coded in stem, blocks, head and SE; SE in every block, its
/// squeeze max(1, input_channels // 4) and its gate a sigmoid; no dilation;
/// expand_ratio a float, the hidden width adjust_channels(in, ratio);
/// repeats ceil(n * depth_mult); last_channel (the head) as given, or
/// 4 * the last stage's channels (`out=x4`); classifier Dropout + Linear;
/// plain nn.BatchNorm2d (eps 1e-5).
FamilyPolicy efficientNet() {
  FamilyPolicy family;
  family.name = "efficientnet";
  family.torchvisionClass = "EfficientNet";
  family.features = "features";
  family.blockBody = "block";
  family.blocksNestedInStages = true;
  family.squeezeExcite = SqueezeExciteRule::everyBlock;
  family.dilation = false;
  family.onlyActivation = Activation::swish;
  family.expansionIsRatio = true;
  family.depthMultiplier = true;
  family.squeezeActivation = Activation::swish;
  family.squeezeGate = Activation::sigmoid;
  family.squeezeFromBlockInput = true;
  family.headWidth = HeadWidthRule::asWritten;
  family.hiddenFc = false;
  family.denseHeads = false;
  family.batchNormEpsilon = 1e-5;
  return family;
}

/// torchvision.models.MNASNet (the B1 variant of mnasnet0_5 to 1_3): one
/// flat Sequential `layers` of bare modules: stem conv, BatchNorm, ReLU at
/// 0-2, a separable block's depthwise conv, BatchNorm, ReLU, projection
/// conv, BatchNorm at 3-7, one Sequential per stack (`layers.S.B.layers.J`,
/// every conv, BatchNorm and ReLU a piece), head conv, BatchNorm, ReLU.
/// _InvertedResidual always expands (in * expansion_factor, an int), takes
/// kernels 3 and 5 only and ReLU; no SE, no dilation; the head's 1280 is
/// never scaled; classifier Dropout + Linear; BatchNorm eps 1e-5 (its
/// momentum, 0.0003, only matters in training).
FamilyPolicy mnasNet() {
  FamilyPolicy family;
  family.name = "mnasnet";
  family.torchvisionClass = "MNASNet";
  family.features = "layers";
  family.blockBody = "layers";
  family.blocksNestedInStages = true;
  family.pieceLayout = PieceLayout::flat;
  family.flatFeatures = true;
  family.alwaysExpands = true;
  family.separableKernel = 3;
  family.squeezeExcite = SqueezeExciteRule::never;
  family.dilation = false;
  family.onlyActivation = Activation::relu;
  static const int64_t kernels[] = {3, 5};
  family.kernels = kernels;
  family.expansionIsRatio = true;
  family.expansionRatioIsInteger = true;
  family.headWidth = HeadWidthRule::asWritten;
  family.hiddenFc = false;
  family.denseHeads = false;
  family.batchNormEpsilon = 1e-5;
  return family;
}

} // namespace

llvm::ArrayRef<FamilyPolicy> mnv3::allFamilies() {
  static const FamilyPolicy families[] = {mobileNetV3(), mobileNetV2(),
                                          efficientNet(), mnasNet()};
  return families;
}

const FamilyPolicy &mnv3::defaultFamily() { return allFamilies().front(); }

const FamilyPolicy *mnv3::findFamily(llvm::StringRef name) {
  for (const FamilyPolicy &family : allFamilies())
    if (family.name == name)
      return &family;
  return nullptr;
}

std::string mnv3::familyNameList() {
  std::string list;
  llvm::ArrayRef<FamilyPolicy> families = allFamilies();
  for (auto [index, family] : llvm::enumerate(families)) {
    if (index > 0)
      list += index + 1 == families.size() ? " or " : ", ";
    list += family.name.str();
  }
  return list;
}

std::string FamilyPolicy::piecePath(llvm::StringRef blockPath,
                                    int64_t piece) const {
  return (blockPath + "." + blockBody + "." + llvm::Twine(piece)).str();
}

int64_t FamilyPolicy::squeezeChannels(int64_t in, int64_t expanded) const {
  if (squeezeFromBlockInput)
    return std::max<int64_t>(1, in / 4);
  return makeDivisible(expanded / 4);
}

int64_t FamilyPolicy::headChannels(int64_t out, double width) const {
  switch (headWidth) {
  case HeadWidthRule::scaled:
    return makeDivisible(out * width);
  case HeadWidthRule::neverNarrowed:
    return makeDivisible(out * std::max(width, 1.0));
  case HeadWidthRule::asWritten:
    return out;
  }
  llvm_unreachable("unknown head width rule");
}

bool FamilyPolicy::namesBlockPiece(llvm::StringRef tensorName) const {
  llvm::SmallVector<llvm::StringRef> parts;
  tensorName.split(parts, '.');
  auto isIndex = [](llvm::StringRef part) {
    return !part.empty() && llvm::all_of(part, llvm::isDigit);
  };
  // features, N (or S, B), blockBody, J
  size_t indices = blocksNestedInStages ? 2 : 1;
  for (size_t i = 0; i + indices + 2 < parts.size(); ++i) {
    if (parts[i] != features || parts[i + indices + 1] != blockBody ||
        !isIndex(parts[i + indices + 2]))
      continue;
    if (llvm::all_of(llvm::ArrayRef(parts).slice(i + 1, indices), isIndex))
      return true;
  }
  return false;
}

const FamilyPolicy *mnv3::familyOfNames(llvm::ArrayRef<llvm::StringRef> names,
                                        llvm::StringRef *example) {
  const FamilyPolicy *found = nullptr;
  llvm::StringRef foundExample;
  for (const FamilyPolicy &family : allFamilies()) {
    auto named = llvm::find_if(names, [&](llvm::StringRef name) {
      return family.namesBlockPiece(name);
    });
    if (named == names.end())
      continue;
    if (found)
      return nullptr;
    found = &family;
    foundExample = *named;
  }
  if (found && example)
    *example = foundExample;
  return found;
}
