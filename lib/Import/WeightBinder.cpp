//===- WeightBinder.cpp - fill placeholder weights from safetensors -------===//
//
// Weights are matched by name, never by position, and every mismatch is
// reported (not just the first): a user converting a checkpoint wants the
// whole list of what is off. How much of a long list is shown is the
// diagnostic printer's business (DiagnosticPrinter in Support.h). The one
// exception is a state_dict of another family (FamilyPolicy): a single
// error says so, since every block's names differ.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Family.h"
#include "mnv3c/Tensor.h"
#include "mnv3c/Importer.h"
#include "mnv3c/Safetensors.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <cmath>

using namespace mlir;
using namespace mnv3;

namespace {
/// The placeholder's resource, or null if the constant already has data.
DialectResourceBlobManager::BlobEntry *placeholderOf(ConstantOp constant) {
  auto resource = dyn_cast<DenseResourceElementsAttr>(constant.getValue());
  if (!resource || resource.getRawHandle().getBlob())
    return nullptr;
  return resource.getRawHandle().getResource();
}

/// Values that make the model compute NaN: NaN or Inf anywhere, and a
/// negative BatchNorm variance (torch takes its square root). Warned about,
/// not refused: the file is what the user trained. One warning per tensor.
void warnAboutValues(ConstantOp constant, StringRef name,
                     ArrayRef<float> values, StringRef weightsPath) {
  size_t nonFinite = llvm::count_if(
      values, [](float value) { return !std::isfinite(value); });
  size_t negative = 0;
  if (name.ends_with("running_var"))
    negative = llvm::count_if(values, [](float value) { return value < 0; });
  if (!nonFinite && !negative)
    return;
  InFlightDiagnostic warning = constant.emitWarning();
  warning << "tensor '" << name << "' in '" << weightsPath << "' has ";
  if (nonFinite)
    warning << "NaN or Inf in " << nonFinite;
  if (nonFinite && negative)
    warning << " and ";
  if (negative)
    warning << "negative variances in " << negative;
  warning << " of " << values.size() << " values: the model may compute NaN";
}
/// Another family's state_dict misses every block weight by name, which
/// would be hundreds of errors about one mistake: it is one error instead.
LogicalResult checkSameFamily(ModuleOp module, const SafetensorsFile &weights,
                              StringRef weightsPath) {
  SmallVector<StringRef> modelNames, fileNames;
  module.walk([&](ConstantOp constant) {
    if (StringRef name = getWeightName(constant); !name.empty())
      modelNames.push_back(name);
  });
  for (const SafetensorsEntry &entry : weights.entries())
    fileNames.push_back(entry.name);
  StringRef modelExample, fileExample;
  const FamilyPolicy *model = familyOfNames(modelNames, &modelExample);
  const FamilyPolicy *file = familyOfNames(fileNames, &fileExample);
  if (!model || !file || model == file)
    return success();
  // "a mobilenet_v2", "an efficientnet".
  auto article = [](StringRef word) {
    return StringRef("aeiouAEIOU").contains(word.front()) ? "an " : "a ";
  };
  return emitError(FileLineColLoc::get(module.getContext(), weightsPath, 0, 0))
         << "this looks like " << article(file->name) << file->name
         << " state_dict (tensors named like '" << fileExample
         << "'), but the model is family " << model->name
         << " (weights named like '" << modelExample
         << "'): give the weights of " << article(model->torchvisionClass)
         << model->torchvisionClass << ", or a spec of family " << file->name;
}
} // namespace

StringRef mnv3::getWeightName(Operation *op) {
  auto constant = dyn_cast<ConstantOp>(op);
  if (!constant)
    return "";
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
    return resource.getRawHandle().getKey();
  return "";
}

LogicalResult mnv3::bindWeights(ModuleOp module, const SafetensorsFile &weights,
                                StringRef weightsPath) {
  if (failed(checkSameFamily(module, weights, weightsPath)))
    return failure();
  bool ok = true;
  llvm::StringSet<> used;
  module.walk([&](ConstantOp constant) {
    StringRef name = getWeightName(constant);
    if (name.empty())
      return;
    used.insert(name);
    auto *resource = placeholderOf(constant);
    if (!resource)
      return;
    ArrayRef<int64_t> expected = constant.getType().getShape();
    const SafetensorsEntry *entry = weights.find(name);
    if (!entry) {
      constant.emitError() << "'" << weightsPath << "' has no tensor '" << name
                           << "' (expected shape " << formatShape(expected) << ")";
      ok = false;
      return;
    }
    if (ArrayRef<int64_t>(entry->shape) != expected) {
      constant.emitError() << "tensor '" << name << "' in '" << weightsPath
                           << "' has shape " << formatShape(entry->shape)
                           << " but this layer needs " << formatShape(expected);
      ok = false;
      return;
    }
    llvm::Expected<std::vector<float>> data = weights.readFloat(*entry);
    if (!data) {
      constant.emitError() << "'" << weightsPath
                           << "': " << llvm::toString(data.takeError());
      ok = false;
      return;
    }
    warnAboutValues(constant, name, *data, weightsPath);
    resource->setBlob(HeapAsmResourceBlob::allocateAndCopyInferAlign(
        ArrayRef<float>(*data)));
  });

  // A tensor nothing asked for usually means the spec and the checkpoint
  // describe different networks; BatchNorm's step counter is the exception,
  // and so is the classifier of a backbone's checkpoint (a spec with
  // named outputs and no classifier weights drops it on purpose).
  bool backbone = llvm::none_of(used.keys(), [](StringRef key) {
    return key.starts_with("classifier.");
  });
  for (auto function : module.getOps<func::FuncOp>())
    backbone &= function.getNumResults() > 0 &&
                function.getResultAttr(0, kOutputNameAttr);
  for (const SafetensorsEntry &entry : weights.entries()) {
    StringRef name = entry.name;
    if (used.contains(entry.name) || name.ends_with("num_batches_tracked") ||
        (backbone && name.starts_with("classifier.")))
      continue;
    emitError(FileLineColLoc::get(module.getContext(), weightsPath, 0, 0))
        << "unexpected tensor '" << entry.name << "' "
        << formatShape(entry.shape) << ": the model has no such weight";
    ok = false;
  }
  return success(ok);
}

LogicalResult mnv3::checkWeightsBound(ModuleOp module) {
  SmallVector<ConstantOp> unbound;
  int weights = 0;
  module.walk([&](ConstantOp constant) {
    weights += !getWeightName(constant).empty();
    if (placeholderOf(constant))
      unbound.push_back(constant);
  });
  if (unbound.empty())
    return success();
  // No weights at all (a spec run without --weights) is one mistake, not
  // one per weight.
  if (int(unbound.size()) == weights)
    return emitError(module.getLoc())
           << "none of the model's " << weights
           << " weights has data (pass --weights FILE.safetensors)";
  for (ConstantOp constant : unbound)
    constant.emitError() << "weight '" << getWeightName(constant)
                         << "' has no data (pass --weights FILE.safetensors)";
  return failure();
}
