//===- fuzz-safetensors.cpp - libFuzzer harness: the weights reader --------===//
//
// Any bytes as a .safetensors file, through SafetensorsFile::open and then,
// as `mnv3c --weights` does, bindWeights on the network of bind-model.mnv3.
// Besides sanitizer findings, a run fails if
//  - a rejection is not a one-line message;
//  - an accepted file has overlapping or unsorted tensors, a tensor that
//    find() does not return, or one whose bytes or f32 values do not read
//    back at the size its shape and dtype give;
//  - binding fails without an error, or succeeds and leaves a weight unbound.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mnv3c/Importer.h"
#include "mnv3c/Safetensors.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdlib>
#include <string>
#include <tuple>

using namespace mlir;
using namespace mnv3;

// The path of bind-model.mnv3, set by test/fuzz/CMakeLists.txt.
static std::unique_ptr<llvm::MemoryBuffer> bindSpec;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  auto buffer = llvm::MemoryBuffer::getFile(MNV3_FUZZ_BIND_SPEC);
  if (!buffer) {
    llvm::errs() << "fuzz-safetensors: cannot read " MNV3_FUZZ_BIND_SPEC "\n";
    std::exit(1);
  }
  bindSpec = std::move(*buffer);
  return 0;
}

static bool isFloat(llvm::StringRef dtype) {
  return dtype == "F32" || dtype == "F16" || dtype == "BF16";
}

static void checkEntry(const SafetensorsFile &file,
                       const SafetensorsEntry &entry) {
  if (file.find(entry.name) != &entry)
    fuzz::fail("find() does not return an entry of the file by its name");
  uint64_t size = entry.numElements() * safetensorsDtypeSize(entry.dtype);
  llvm::Expected<llvm::ArrayRef<uint8_t>> bytes = file.bytes(entry);
  if (!bytes || bytes->size() != size)
    fuzz::fail("an accepted tensor's bytes do not read back at its size");
  llvm::Expected<std::vector<float>> values = file.readFloat(entry);
  if (bool(values) != isFloat(entry.dtype))
    fuzz::fail("readFloat disagrees with the dtype on what it can read");
  if (values && values->size() != uint64_t(entry.numElements()))
    fuzz::fail("readFloat returned a number of values other than the shape's");
  if (!values)
    llvm::consumeError(values.takeError());
}

static void checkEntries(const SafetensorsFile &file) {
  const SafetensorsEntry *previous = nullptr;
  uint64_t endOfLast = 0; // of the non-empty ranges so far
  for (const SafetensorsEntry &entry : file.entries()) {
    if (previous && std::tie(previous->begin, previous->end, previous->name) >=
                        std::tie(entry.begin, entry.end, entry.name))
      fuzz::fail("entries are not in file order");
    if (entry.begin != entry.end && entry.begin < endOfLast)
      fuzz::fail("an accepted file has overlapping tensors");
    if (entry.begin != entry.end)
      endOfLast = std::max(endOfLast, entry.end);
    checkEntry(file, entry);
    previous = &entry;
  }
}

static void checkBinding(const SafetensorsFile &weights) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  fuzz::ErrorCounter errors(context);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(
                                   bindSpec->getMemBufferRef(), false),
                               llvm::SMLoc());
  std::optional<Spec> spec = parseSpec(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = spec ? importSpec(*spec, &context) : nullptr;
  if (!module)
    fuzz::fail("bind-model.mnv3 does not import");
  if (failed(bindWeights(*module, weights, "fuzz.safetensors"))) {
    if (errors.count() == 0)
      fuzz::fail("bindWeights failed without saying why");
    return;
  }
  if (failed(checkWeightsBound(*module)))
    fuzz::fail("bindWeights succeeded and left a weight without data");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<SafetensorsFile> file =
      SafetensorsFile::open(llvm::MemoryBuffer::getMemBufferCopy(
          fuzz::asText(data, size), "fuzz.safetensors"));
  if (!file) {
    std::string message = llvm::toString(file.takeError());
    if (message.empty() || message.find('\n') != std::string::npos)
      fuzz::fail("a rejection is not a one-line message");
    return 0;
  }
  checkEntries(*file);
  checkBinding(*file);
  return 0;
}
