//===- fuzz-ir.cpp - libFuzzer harness: mnv3 IR as mnv3c reads it ----------===//
//
// Any bytes as a model.mlir, through loadModel: the call by which `mnv3c
// import|run|compile|graph MODEL.mlir` read IR (parse with the dialects
// loaded, verify, check the model function). Besides sanitizer findings, a
// run fails if checkLoadModel's promises break (FuzzSupport.h).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

using namespace mnv3;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static fuzz::InputFile input("fuzz-ir", "mlir");
  input.write(fuzz::asText(data, size));
  fuzz::checkLoadModel(input.path());
  return 0;
}
