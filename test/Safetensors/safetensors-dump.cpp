//===- safetensors-dump.cpp - print what SafetensorsFile reads ------------===//
//
// The test driver of mnv3::SafetensorsFile:
//
//   safetensors-dump FILE [-n N]       metadata, then one line per tensor:
//                                      NAME DTYPE [SHAPE] [BEGIN, END): values
//   safetensors-dump FILE --extract NAME -o OUT
//                                      writes tensor NAME as raw
//                                      little-endian f32 (readFloat) to OUT
//
// Values are printed for F32, F16, BF16 (via readFloat, "%.9g", which
// round-trips f32) and for I64/I32 (as integers): the first N of each tensor,
// then "..." if there are more. Any error prints "FILE: error: MESSAGE" on
// stderr and exits with 1.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Safetensors.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>

using namespace llvm;

static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<file.safetensors>"));
static cl::opt<unsigned> numValues("n", cl::init(6),
                                   cl::desc("Values printed per tensor"));
static cl::opt<std::string>
    extractName("extract", cl::desc("Write this tensor as raw f32 to -o"));
static cl::opt<std::string> outputPath("o", cl::desc("Output of --extract"),
                                       cl::value_desc("file"));

static int fail(const Twine &message) {
  errs() << inputPath << ": error: " << message << "\n";
  return 1;
}

static void printValues(const mnv3::SafetensorsFile &file,
                        const mnv3::SafetensorsEntry &entry, raw_ostream &os) {
  size_t count = size_t(entry.numElements());
  size_t shown = std::min<size_t>(count, numValues);
  if (entry.dtype == "F32" || entry.dtype == "F16" || entry.dtype == "BF16") {
    Expected<std::vector<float>> values = file.readFloat(entry);
    if (!values) {
      os << " <" << toString(values.takeError()) << ">";
      return;
    }
    os << ":";
    for (size_t i = 0; i < shown; ++i)
      os << " " << format("%.9g", double((*values)[i]));
  } else if (entry.dtype == "I64" || entry.dtype == "I32") {
    Expected<ArrayRef<uint8_t>> raw = file.bytes(entry);
    if (!raw) {
      os << " <" << toString(raw.takeError()) << ">";
      return;
    }
    os << ":";
    namespace endian = support::endian;
    for (size_t i = 0; i < shown; ++i)
      if (entry.dtype == "I64")
        os << " " << int64_t(endian::read64le(raw->data() + 8 * i));
      else
        os << " " << int32_t(endian::read32le(raw->data() + 4 * i));
  } else {
    return;
  }
  if (shown < count)
    os << " ...";
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "print a safetensors file\n");

  Expected<mnv3::SafetensorsFile> file = mnv3::SafetensorsFile::open(inputPath);
  if (!file)
    return fail(toString(file.takeError()));

  if (!extractName.empty()) {
    if (outputPath.empty())
      return fail("--extract needs -o");
    Expected<mnv3::Tensor> tensor = file->readTensor(extractName);
    if (!tensor)
      return fail(toString(tensor.takeError()));
    std::error_code ec;
    raw_fd_ostream out(outputPath, ec, sys::fs::OF_None);
    if (ec)
      return fail("cannot write " + outputPath + ": " + ec.message());
    for (float v : tensor->data) {
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      char le[4];
      support::endian::write32le(le, bits);
      out.write(le, sizeof le);
    }
    return 0;
  }

  raw_ostream &os = outs();
  for (const auto &[key, value] : file->metadata())
    os << "metadata " << key << " = " << value << "\n";
  for (const mnv3::SafetensorsEntry &entry : file->entries()) {
    os << entry.name << " " << entry.dtype << " [";
    interleaveComma(entry.shape, os);
    os << "] [" << entry.begin << ", " << entry.end << ")";
    printValues(*file, entry, os);
    os << "\n";
  }
  return 0;
}
