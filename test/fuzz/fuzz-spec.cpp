//===- fuzz-spec.cpp - libFuzzer harness: spec text -> mnv3 IR -------------===//
//
// Any bytes as a .mnv3 spec, through parseSpec and importSpec as
// `mnv3c import SPEC` takes them. Besides sanitizer findings, a run fails if
//  - a spec is rejected without an error, or accepted with one;
//  - an accepted spec gives a module whose only function is not the model
//    named in the spec taking [1, C, H, W];
//  - that module does not print and read back to the same text.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mnv3c/Importer.h"
#include "mnv3c/Spec.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace mnv3;

static void checkModelFunction(ModuleOp module, const Spec &spec) {
  auto functions = module.getOps<func::FuncOp>();
  if (std::distance(functions.begin(), functions.end()) != 1)
    fuzz::fail("the imported module does not hold exactly one function");
  func::FuncOp function = *functions.begin();
  if (function.getSymName() != spec.name)
    fuzz::fail("the model function is not named after the spec's model");
  auto inputs = function.getFunctionType().getInputs();
  auto input = inputs.size() == 1 ? dyn_cast<RankedTensorType>(inputs[0])
                                  : RankedTensorType();
  int64_t expected[] = {1, spec.inChannels, spec.inHeight, spec.inWidth};
  if (!input || input.getShape() != ArrayRef<int64_t>(expected))
    fuzz::fail("the model function does not take the spec's input shape");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  fuzz::ErrorCounter errors(context);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(fuzz::asText(data, size),
                                           "fuzz.mnv3"),
      llvm::SMLoc());

  std::optional<Spec> spec = parseSpec(sourceMgr, &context);
  if (spec.has_value() == (errors.count() > 0))
    fuzz::fail(spec ? "parseSpec accepted a spec and reported an error"
                    : "parseSpec rejected a spec without saying why");
  if (!spec)
    return 0;

  OwningOpRef<ModuleOp> module = importSpec(*spec, &context);
  if (!module) {
    if (errors.count() == 0)
      fuzz::fail("importSpec rejected a spec without saying why");
    return 0;
  }
  if (errors.count() > 0)
    fuzz::fail("importSpec accepted a spec and reported an error");
  checkModelFunction(*module, *spec);
  fuzz::checkPrintsAndReadsBack(*module);
  return 0;
}
