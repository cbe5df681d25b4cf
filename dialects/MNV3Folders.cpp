//===- MNV3Folders.cpp - folders of the mnv3 ops ---------------------------===//

#include "dialects/MNV3Dialect.h"

using namespace mlir;
using namespace mnv3;

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

// Averaging a 1x1 feature map is the identity.
OpFoldResult GlobalAvgPoolOp::fold(FoldAdaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}
