//===- Spec.h - the architecture spec language ------------------*- C++ -*-===//
//
// A spec reads like Table 1/2 of the MobileNetV3 paper (docs/spec-language.md).
// Parsing gives the rows as written (paper channel counts, before the width
// multiplier); resolving applies torchvision's rules and yields concrete
// layers with channel counts, spatial sizes and state_dict names.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_SPEC_H
#define MNV3C_SPEC_H

#include "dialects/MNV3Dialect.h"
#include "mnv3c/Family.h"

#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace mnv3 {

/// `stem ...` and `head ...`: convolution + BatchNorm + activation.
struct ConvRow {
  int64_t kernel = 1, out = 0, stride = 1;
  /// `out=x6` on the head: a multiple of the last block's channels
  /// (torchvision's rule), not a width-scaled count.
  std::optional<double> outMultiple;
  Activation act = Activation::hardswish;
  mlir::LocationAttr loc;
};

/// `bneck k exp out se act s [d=N]`, one of the n blocks of a
/// `bottleneck t c n s` or `mbconv e KxK HxW c n s` row, or a
/// `sepconv KxK HxW c` block: one inverted-residual block.
struct BneckRow {
  int64_t kernel = 3;
  /// Expansion: an absolute (width-scaled) channel count, or with `x4.5`
  /// syntax a ratio of the block's actual input channels.
  int64_t expanded = 0;
  std::optional<double> expandRatio;
  int64_t out = 0;
  bool squeezeExcite = false;
  /// `sepconv`: depthwise and projection only (no expansion, no residual),
  /// its modules bare in a flat `features` Sequential (MNASNet).
  bool separable = false;
  Activation act = Activation::relu;
  int64_t stride = 1, dilation = 1;
  /// The row the block comes from, counting block rows from 0, and its
  /// place among that row's blocks: a family with nested stages names
  /// block B of row S `features.(S+1).B`.
  int64_t stage = 0, indexInStage = 0;
  /// `mbconv`'s resolution column on the row's first block: the input
  /// height and width the row says its stage gets, checked when built.
  std::optional<std::pair<int64_t, int64_t>> stageInput;
  mlir::LocationAttr stageInputLoc;
  mlir::LocationAttr loc;
};

/// `fc N [act=...]` and `dropout P` in the classifier.
struct FcRow {
  int64_t out = 0;
  Activation act = Activation::none;
  bool isDropout = false;
  mlir::LocationAttr loc;
};

/// `output NAME MODULE`: the network returns the tensor the torchvision
/// module MODULE produces (e.g. `features.6`), named NAME in the generated
/// header. With outputs the classifier is optional (backbone mode).
struct OutputRow {
  std::string name;   ///< a C identifier
  std::string module; ///< a torchvision module path
  mlir::LocationAttr loc, moduleLoc;
};

/// `lraspp low=MODULE high=MODULE [inter=N] classes=N`: torchvision's
/// LR-ASPP segmentation head (Searching for MobileNetV3, section 6.3) on the
/// two backbone modules; the network returns `out` [1, classes, H, W] at
/// the input's size. The backbone's weights are then named `backbone.N...`
/// and the head's `classifier...`, as in torchvision's LRASPP state_dict.
struct LrasppRow {
  std::string low, high; ///< module paths, e.g. backbone.4 and backbone.16
  int64_t inter = 128, classes = 0;
  mlir::LocationAttr loc, lowLoc, highLoc;
};

/// `ssdlite classes=N [extras=C,C,C,C]`: torchvision's SSDLite detector
/// (section 6.2 of the paper): the backbone's last strided block is split
/// after its expansion, four extra blocks follow the head, and a
/// depthwise-separable box and class predictor runs on each of the six
/// maps (6 default boxes per cell). The network returns `bbox_regression`
/// [1, anchors, 4] and `cls_logits` [1, anchors, classes]; weights are named
/// as in torchvision's SSD state_dict (backbone.features.*,
/// backbone.extra.*, head.*).
struct SsdliteRow {
  int64_t classes = 0;
  std::vector<int64_t> extras = {512, 256, 256, 128};
  mlir::LocationAttr loc;
};

struct Spec {
  std::string name;
  /// `family NAME`: whose torchvision class the network is (naming, what
  /// blocks may use, defaults); mobilenet_v3 without the statement.
  const FamilyPolicy *family = &defaultFamily();
  int64_t inChannels = 3, inHeight = 224, inWidth = 224;
  double widthMultiplier = 1.0;
  /// `depth D`: rows of n blocks have ceil(n * D) (applied by the parser).
  double depthMultiplier = 1.0;
  /// `bn_eps`, or the family's default (set by the parser).
  double batchNormEpsilon = 0;
  std::optional<ConvRow> stem, head;
  std::vector<BneckRow> bnecks;
  mlir::LocationAttr poolLoc; ///< the `pool avg` line; null if absent
  std::vector<FcRow> classifier;
  /// Empty: the network returns the classifier's logits.
  std::vector<OutputRow> outputs;
  std::optional<LrasppRow> lraspp;   ///< instead of a classifier
  std::optional<SsdliteRow> ssdlite; ///< instead of a classifier
  mlir::LocationAttr loc; ///< the `model` line
};

/// Parses the spec held in `sourceMgr`'s main buffer. Errors are emitted
/// through `context`'s diagnostic engine as `file:line:col: error: ...`.
std::optional<Spec> parseSpec(llvm::SourceMgr &sourceMgr,
                              mlir::MLIRContext *context);

/// One spec line's words and their 0-based columns: `#` starts a comment;
/// spaces, tabs and carriage returns separate words. Every reader of specs
/// (the parser, mnv3c lut's search spaces) splits lines with this.
llvm::SmallVector<std::pair<llvm::StringRef, size_t>>
splitSpecLine(llvm::StringRef line);

/// torchvision's `_make_divisible(value, 8)`: round to the nearest multiple
/// of 8, at least 8, never more than 10% below `value`.
int64_t makeDivisible(double value, int64_t divisor = 8);

} // namespace mnv3

#endif // MNV3C_SPEC_H
