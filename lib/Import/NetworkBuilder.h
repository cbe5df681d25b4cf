//===- NetworkBuilder.h - Spec -> primitive mnv3 IR, the builder -*- C++ -*-===//
//
// The importer's builder, shared by the files that build its parts:
// NetworkBuilder.cpp (stem, bneck rows, head, classifier, outputs) and
// DenseHeads.cpp (the LR-ASPP and SSDLite heads). Private to lib/Import.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_LIB_IMPORT_NETWORKBUILDER_H
#define MNV3C_LIB_IMPORT_NETWORKBUILDER_H

#include "mnv3c/ConvShape.h"
#include "mnv3c/Importer.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

namespace mnv3::import {

using namespace mlir;

/// torch.nn.BatchNorm2d's default eps (torchvision's MobileNetV3 passes 1e-3).
constexpr double kTorchBatchNormEpsilon = 1e-5;

/// Builds the primitive IR of one spec: `importSpec` runs it.
class NetworkBuilder {
public:
  NetworkBuilder(const Spec &spec, MLIRContext *context)
      : spec(spec), family(*spec.family), context(context), builder(context) {}

  OwningOpRef<ModuleOp> build();

private:
  /// stem, bneck rows, head: the `features` Sequential of torchvision.
  LogicalResult buildBneck(int64_t index, const BneckRow &row);
  void buildClassifier();
  /// torchvision's LRASPPHead and LRASPP.forward's final upsample.
  LogicalResult buildLraspp(const LrasppRow &row);
  /// SSDLite's extra blocks and its box and class predictors on six maps.
  LogicalResult buildSsdlite(const SsdliteRow &row, Value firstMap);
  /// SSDLite's C4: the last strided block, split after its expansion.
  FailureOr<int64_t> findSplitBlock(const SsdliteRow &row);

  /// torchvision's module path of block N (0 = stem, then the bnecks, then
  /// the head) and of piece J inside bneck N, as the state_dict of the
  /// whole model names them (`features.S.B` for block B of stage S in a
  /// family with nested stages).
  std::string blockPath(int64_t n) const;
  std::string piecePath(int64_t n, int64_t j) const;
  /// A nested-stage family's Sequential of the blocks of row `stage`.
  std::string stagePath(int64_t stage) const;
  /// Where row `stage` starts in `features`: stage + 1 after the stem's
  /// Conv2dNormActivation, or after the bare modules of a flat `features`
  /// (MNASNet). The head's index is that of the stage after the last.
  int64_t topModuleIndex(int64_t stage) const;
  /// The output of module `path`, or an error at `loc` listing what exists.
  FailureOr<Value> module(StringRef path, LocationAttr loc, StringRef what);
  /// The values the `output` rows name, or the logits without any.
  FailureOr<SmallVector<Value>> resolveOutputs();

  /// conv2d + BatchNorm [+ activation] named `prefix.0`, `.1`, `.2` as
  /// torchvision's Conv2dNormActivation. BatchNorm epsilon: the spec's
  /// unless given.
  void convBnAct(const Twine &prefix, LocationAttr rowLoc, int64_t out,
                 int64_t kernel, int64_t stride, int64_t dilation,
                 int64_t groups, Activation act,
                 std::optional<double> epsilon = std::nullopt);
  /// The same, the modules named by `name()`, one call each: conv, norm and
  /// activation bare (`flat`, MNASNet's modules), or one
  /// Conv2dNormActivation (`P.0`, `P.1`, `P.2` of one name P).
  void convUnit(llvm::function_ref<std::string()> name, bool flat,
                LocationAttr rowLoc, int64_t out, int64_t kernel,
                int64_t stride, int64_t dilation, int64_t groups,
                Activation act);
  Value batchNorm(const Twine &name, LocationAttr rowLoc, Value input,
                  double epsilon);
  Value conv(const Twine &name, LocationAttr rowLoc, Value input, int64_t out,
             int64_t kernel, int64_t stride, int64_t dilation, int64_t groups,
             bool hasBias);
  Value activation(Activation act, const Twine &name, LocationAttr rowLoc,
                   Value input);
  /// A placeholder weight constant keyed by its state_dict name.
  Value weight(const Twine &name, ArrayRef<int64_t> shape, LocationAttr rowLoc);

  Location named(const Twine &name, LocationAttr rowLoc) {
    return NameLoc::get(StringAttr::get(context, name), rowLoc);
  }
  RankedTensorType tensorType(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }
  ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }
  int64_t scaled(int64_t channels) {
    return makeDivisible(channels * spec.widthMultiplier);
  }

  /// Records `current` as the output of torchvision module `name`.
  void produced(const Twine &name) { modules[name.str()] = current; }

  const Spec &spec;
  const FamilyPolicy &family;
  MLIRContext *context;
  OpBuilder builder;
  Value current; ///< the feature map flowing through the network
  int64_t splitBlock = -1; ///< SSDLite's C4 block, -1 without SSDLite
  SmallVector<Value, 2> ssdResults; ///< bbox_regression, cls_logits
  /// Output of every torchvision module an `output` row may name:
  /// features.N, features.N.block.J, avgpool, classifier.K.
  llvm::StringMap<Value> modules;
};

} // namespace mnv3::import

#endif // MNV3C_LIB_IMPORT_NETWORKBUILDER_H
