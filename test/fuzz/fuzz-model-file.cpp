//===- fuzz-model-file.cpp - libFuzzer harness: a model file --------------===//
//
// Any bytes as a model file of the kind MNV3_FUZZ_MODEL_SUFFIX names,
// through loadModel, the call by which every `mnv3c` command reads one:
//  - fuzz-ir ("mlir"): parse with the dialects loaded, verify, check the
//    model function;
//  - fuzz-onnx ("onnx"): protobuf decoding, the raiser (opsets, op types,
//    attributes, initializers, external data named relative to the file),
//    then the same checks.
// Besides sanitizer findings, a run fails if checkLoadModel's promises
// break (FuzzSupport.h).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

using namespace mnv3;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::InputFile input("fuzz-" MNV3_FUZZ_MODEL_SUFFIX,
                               MNV3_FUZZ_MODEL_SUFFIX);
  input.write(fuzz::asText(data, size));
  fuzz::checkLoadModel(input.path());
  return 0;
}
