//===- Family.h - what a spec takes from its network family ----*- C++ -*-===//
//
// A family is one torchvision model class (MobileNetV3, MobileNetV2,
// EfficientNet, MNASNet) whose state_dict a spec of that family binds. Its
// policy is the one place that says how that class names its modules,
// which features its blocks may use, how wide its head is and which
// BatchNorm epsilon it uses. The spec parser checks rows against it
// (errors at the token), the network builder names modules by it, and the
// weight binder tells one family's state_dict from another's by it. The tables are in lib/Import/Families.cpp;
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

/// Which blocks have squeeze-and-excitation.
enum class SqueezeExciteRule {
  never,      ///< none (MobileNetV2)
  perRow,     ///< a row's `se` column says (MobileNetV3)
  everyBlock, ///< all (EfficientNet's MBConv)
};

/// How a block's convolutions are laid out in its Sequential.
enum class PieceLayout {
  /// Each conv + BatchNorm (+ activation) is one Conv2dNormActivation
  /// piece J: `J.0`, `J.1`, `J.2` (MobileNetV3, EfficientNet).
  convNormActivation,
  /// The same, but the projection's conv and BatchNorm are two pieces J
  /// and J+1 (MobileNetV2).
  flatProjection,
  /// Every conv, BatchNorm and activation is a piece of its own (MNASNet).
  flat,
};

/// How `head out=N` becomes the head's channel count (`out=xM` is always M
/// times the last block's channels).
enum class HeadWidthRule {
  scaled,        ///< make_divisible(N * width), like every layer
  neverNarrowed, ///< make_divisible(N * max(width, 1)): MobileNetV2
  asWritten,     ///< N: EfficientNet's last_channel
};

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
  /// Each stage row is a Sequential of its blocks: block B of the S-th
  /// stage is `features.S.B` (EfficientNet), not `features.N`.
  bool blocksNestedInStages = false;
  PieceLayout pieceLayout = PieceLayout::convNormActivation;
  /// `features` holds bare modules (MNASNet's `layers`): the stem's conv,
  /// BatchNorm and activation take one index each, so do the pieces of a
  /// `sepconv` block and the head's; each stage takes one.
  bool flatFeatures = false;
  /// Every block has its 1x1 expansion, even where it keeps the channel
  /// count (MNASNet's _InvertedResidual).
  bool alwaysExpands = false;
  /// The kernel of the depthwise separable block after the stem whose
  /// modules lie bare in a flat `features` (a `sepconv` row); 0: none.
  int64_t separableKernel = 0;

  // --- what a network may use (the spec parser checks each at its token) --
  SqueezeExciteRule squeezeExcite = SqueezeExciteRule::perRow;
  bool dilation = true;
  /// Set: the one activation of stem, blocks and head, and the default
  /// where `act=` is left out.
  std::optional<Activation> onlyActivation;
  /// The depthwise kernel sizes blocks may have; empty: any odd size.
  llvm::ArrayRef<int64_t> kernels;
  /// The expansion is a ratio `xR` of the block's input channels
  /// (torchvision's expand_ratio), never a channel count; an integer one
  /// where expansionRatioIsInteger.
  bool expansionIsRatio = false;
  bool expansionRatioIsInteger = false;
  /// `depth D` scales a row's repeat count to ceil(n * D).
  bool depthMultiplier = false;

  // --- squeeze-and-excitation -----------------------------------------------
  /// SqueezeExcitation's activation after fc1 and its gate after fc2.
  Activation squeezeActivation = Activation::relu;
  Activation squeezeGate = Activation::hardsigmoid;
  /// The squeeze width comes from the block's input channels,
  /// max(1, in // 4) (EfficientNet's MBConv), not from the expanded ones,
  /// make_divisible(expanded // 4) (MobileNetV3).
  bool squeezeFromBlockInput = false;

  // --- head and classifier --------------------------------------------------
  HeadWidthRule headWidth = HeadWidthRule::scaled;
  /// The classifier may have fc layers before the logits.
  bool hiddenFc = true;
  /// `lraspp` and `ssdlite` may follow the head.
  bool denseHeads = true;

  /// BatchNorm epsilon when the spec has no `bn_eps`.
  double batchNormEpsilon = 0;

  /// `bottleneck t c n s` rows (the MobileNetV2 paper's Table 2) leave out
  /// kernel and activation, so they need a family that fixes both.
  bool fixesBlockKernelAndActivation() const {
    return onlyActivation && kernels.size() == 1;
  }
  /// `mbconv E KxK HxW C N S` rows (the EfficientNet paper's Table 1) leave
  /// out the activation and the SE column.
  bool fixesBlockActivationAndSqueezeExcite() const {
    return onlyActivation && squeezeExcite != SqueezeExciteRule::perRow;
  }
  /// SE's squeeze channels in a block of `in` input and `expanded` hidden
  /// channels.
  int64_t squeezeChannels(int64_t in, int64_t expanded) const;
  /// The head's channels for `head out=N` at width multiplier `width`.
  int64_t headChannels(int64_t out, double width) const;
  /// The state_dict prefix of block N's J-th piece, `features.N.block.J`.
  std::string piecePath(llvm::StringRef blockPath, int64_t piece) const;
  /// Whether a tensor name has this family's block naming
  /// (`...features.N.<blockBody>.J...`, or `...features.S.B.<blockBody>.J...`
  /// with nested stages), which tells its state_dict apart.
  bool namesBlockPiece(llvm::StringRef tensorName) const;
};

/// Every family, the default (mobilenet_v3, for specs without `family`)
/// first.
llvm::ArrayRef<FamilyPolicy> allFamilies();
const FamilyPolicy &defaultFamily();
/// The family called `name`, or null.
const FamilyPolicy *findFamily(llvm::StringRef name);
/// "mobilenet_v3, mobilenet_v2, efficientnet or mnasnet", for messages.
std::string familyNameList();

/// The one family whose block naming appears among `names`, or null if
/// none or more than one does. `example` gets the first such name.
const FamilyPolicy *familyOfNames(llvm::ArrayRef<llvm::StringRef> names,
                                  llvm::StringRef *example = nullptr);

} // namespace mnv3

#endif // MNV3C_FAMILY_H
