//===- fuzz-onnx.cpp - libFuzzer harness: ONNX models as mnv3c reads them -===//
//
// Any bytes as a model.onnx, through loadModel: protobuf decoding, the
// raiser (opsets, op types, attributes, initializers, external data named
// relative to the file) and the model function's checks. Besides sanitizer
// findings, a run fails if checkLoadModel's promises break (FuzzSupport.h).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

using namespace mnv3;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::InputFile input("fuzz-onnx", "onnx");
  input.write(fuzz::asText(data, size));
  fuzz::checkLoadModel(input.path());
  return 0;
}
