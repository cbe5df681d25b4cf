//===- Families.cpp - one policy table per network family -----------------===//
//
// Each table states what torchvision's class for the family does, checked
// against torchvision 0.14 (test/Import/state-dict-names.test compares the
// imported names and shapes with each class's state_dict). A new family
// (EfficientNet, MNASNet) adds a table; where its naming cannot be said
// with these fields (nested stages, flat Sequentials), the field becomes a
// function of the policy.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Family.h"

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
  family.projectionIsConvThenNorm = true;
  family.squeezeExcite = false;
  family.dilation = false;
  family.onlyActivation = Activation::relu6;
  family.onlyKernel = 3;
  family.expansionIsIntegerRatio = true;
  family.headWidthFloor = 1.0;
  family.hiddenFc = false;
  family.denseHeads = false;
  family.batchNormEpsilon = 1e-5;
  return family;
}

} // namespace

llvm::ArrayRef<FamilyPolicy> mnv3::allFamilies() {
  static const FamilyPolicy families[] = {mobileNetV3(), mobileNetV2()};
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

bool FamilyPolicy::namesBlockPiece(llvm::StringRef tensorName) const {
  llvm::SmallVector<llvm::StringRef> parts;
  tensorName.split(parts, '.');
  auto isIndex = [](llvm::StringRef part) {
    return !part.empty() && llvm::all_of(part, llvm::isDigit);
  };
  for (size_t i = 0; i + 3 < parts.size(); ++i)
    if (parts[i] == features && isIndex(parts[i + 1]) &&
        parts[i + 2] == blockBody && isIndex(parts[i + 3]))
      return true;
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
