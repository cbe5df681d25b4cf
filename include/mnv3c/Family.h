//===- Family.h - what a spec takes from its network family ----*- C++ -*-===//
//
// A family is one torchvision model class (MobileNetV3, MobileNetV2) whose
// state_dict a spec of that family binds. Its policy is the one place that
// says how that class names its modules, which features its blocks may
// use, how wide its head is and which BatchNorm epsilon it uses. The spec
// parser checks rows against it (errors at the token), the network builder
// names modules by it, and the weight binder tells one family's state_dict
// from another's by it. The tables are in lib/Import/Families.cpp;
// docs/spec-language.md ("Families") lists them for users.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_FAMILY_H
#define MNV3C_FAMILY_H

#include "dialects/MNV3Dialect.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mnv3 {

struct FamilyPolicy {
  /// `family NAME` in a spec.
  llvm::StringRef name;
  /// The torchvision class, for messages ("MobileNetV2").
  llvm::StringRef torchvisionClass;

  // --- state_dict naming --------------------------------------------------
  /// The Sequential of stem, blocks and head: `features.0` is the stem,
  /// `features.N` block N, the last index the head.
  llvm::StringRef features;
  /// The Sequential inside a block: `features.N.<blockBody>.J` is its J-th
  /// piece (expansion, depthwise, SE, projection, those it has).
  llvm::StringRef blockBody;
  /// A block's projection is a bare Conv2d and a BatchNorm2d, two pieces of
  /// the block's Sequential (`conv.2`, `conv.3`), not one
  /// Conv2dNormActivation piece (`block.2.0`, `block.2.1`).
  bool projectionIsConvThenNorm = false;

  // --- what a network may use (the spec parser checks each at its token) --
  bool squeezeExcite = true;
  bool dilation = true;
  /// Set: the one activation of stem, blocks and head, and the default
  /// where `act=` is left out.
  std::optional<Activation> onlyActivation;
  /// Set: the one depthwise kernel size.
  std::optional<int64_t> onlyKernel;
  /// The expansion is an integer ratio `xT` of the block's input channels
  /// (torchvision's expand_ratio), never a channel count.
  bool expansionIsIntegerRatio = false;

  // --- head and classifier --------------------------------------------------
  /// The head has make_divisible(out * max(width, headWidthFloor))
  /// channels: 0 scales it with the width multiplier like every layer, 1
  /// never narrows it (MobileNetV2's last_channel).
  double headWidthFloor = 0.0;
  /// The classifier may have fc layers before the logits.
  bool hiddenFc = true;
  /// `lraspp` and `ssdlite` may follow the head.
  bool denseHeads = true;

  /// BatchNorm epsilon when the spec has no `bn_eps`.
  double batchNormEpsilon = 0;

  /// `bottleneck t c n s` rows (the MobileNetV2 paper's Table 2) leave out
  /// kernel and activation, so they need a family that fixes both.
  bool fixesBlockKernelAndActivation() const {
    return onlyActivation && onlyKernel;
  }
  /// The state_dict prefix of block N's J-th piece, `features.N.block.J`.
  std::string piecePath(llvm::StringRef blockPath, int64_t piece) const;
  /// Whether a tensor name has this family's block naming
  /// (`...features.N.<blockBody>.J...`), which tells its state_dict apart.
  bool namesBlockPiece(llvm::StringRef tensorName) const;
};

/// Every family, the default (mobilenet_v3, for specs without `family`)
/// first.
llvm::ArrayRef<FamilyPolicy> allFamilies();
const FamilyPolicy &defaultFamily();
/// The family called `name`, or null.
const FamilyPolicy *findFamily(llvm::StringRef name);
/// "mobilenet_v3 or mobilenet_v2", for messages.
std::string familyNameList();

/// The one family whose block naming appears among `names`, or null if
/// none or more than one does. `example` gets the first such name.
const FamilyPolicy *familyOfNames(llvm::ArrayRef<llvm::StringRef> names,
                                  llvm::StringRef *example = nullptr);

} // namespace mnv3

#endif // MNV3C_FAMILY_H
