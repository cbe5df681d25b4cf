//===- OnnxWeights.cpp - initializer data: inline or external -------------===//
//
// Every size is checked against the tensor's shape before anything is
// copied, and external files are read as bounded slices, so a corrupt or
// hostile model cannot make the importer read past a file or allocate more
// than the weight's own size.
//
//===----------------------------------------------------------------------===//

#include "OnnxWeights.h"

#include "mnv3c/Support.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mnv3;
using llvm::createStringError;

namespace {
/// TensorProto.DataType FLOAT.
constexpr int32_t kOnnxFloat = 1;
/// As ModelLoader's limit: code generation counts elements in `int`.
constexpr int64_t kMaxWeightElements = (int64_t(1) << 31) - 1;

std::vector<float> decodeLittleEndian(llvm::StringRef bytes) {
  std::vector<float> values(bytes.size() / sizeof(float));
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = llvm::support::endian::read<float, llvm::endianness::little>(
        bytes.data() + i * sizeof(float));
  return values;
}

/// The external file's path: relative, no "..", inside the model's directory.
llvm::Expected<std::string> externalPath(llvm::StringRef location,
                                         llvm::StringRef modelPath) {
  namespace path = llvm::sys::path;
  if (location.empty())
    return createStringError("its external data has no 'location'");
  if (path::is_absolute(location) ||
      llvm::is_contained(
          llvm::make_range(path::begin(location), path::end(location)), ".."))
    return createStringError(
        llvm::Twine("its external data file '") + location +
        "' must be a relative path inside the model's directory");
  llvm::SmallString<256> full(path::parent_path(modelPath));
  path::append(full, location);
  return std::string(full);
}

llvm::Expected<std::vector<float>> readExternal(const OnnxTensor &tensor,
                                                uint64_t bytes,
                                                llvm::StringRef modelPath) {
  std::string location;
  std::optional<uint64_t> offset, length;
  for (const auto &[key, value] : tensor.externalData) {
    uint64_t number;
    if (key == "location") {
      location = value;
    } else if (key == "offset" || key == "length") {
      if (llvm::StringRef(value).getAsInteger(10, number))
        return createStringError("its external data '" + key + "' is '" +
                                 value + "', not a byte count");
      (key == "offset" ? offset : length) = number;
    }
  }
  llvm::Expected<std::string> file = externalPath(location, modelPath);
  if (!file)
    return file.takeError();
  llvm::Expected<uint64_t> size = regularFileSize(*file);
  if (!size)
    return createStringError("its external data file '" + *file +
                             "': " + llvm::toString(size.takeError()));
  uint64_t start = offset.value_or(0);
  uint64_t span = length.value_or(start <= *size ? *size - start : 0);
  if (span != bytes)
    return createStringError("its external data holds " + llvm::Twine(span) +
                             " bytes, its shape needs " + llvm::Twine(bytes));
  if (start > *size || *size - start < span)
    return createStringError("its external data (bytes " + llvm::Twine(start) +
                             " to " + llvm::Twine(start + span) +
                             ") runs past the end of '" + *file + "' (" +
                             llvm::Twine(*size) + " bytes)");
  auto slice = llvm::MemoryBuffer::getFileSlice(*file, span, start,
                                                /*IsVolatile=*/false);
  if (!slice)
    return createStringError("cannot read its external data file '" + *file +
                             "': " + slice.getError().message());
  return decodeLittleEndian((*slice)->getBuffer());
}
/// The element count of `dims`, or an error for a negative size or more
/// elements than a weight may have.
llvm::Expected<int64_t> countElements(const std::vector<int64_t> &dims) {
  int64_t elements = 1;
  for (int64_t dim : dims) {
    if (dim < 0)
      return createStringError("its shape has a negative size " +
                               llvm::Twine(dim));
    if (llvm::MulOverflow(elements, dim, elements) ||
        elements > kMaxWeightElements)
      return createStringError("its shape has more than " +
                               llvm::Twine(kMaxWeightElements) + " elements");
  }
  return elements;
}
} // namespace

llvm::Expected<std::vector<float>>
mnv3::readOnnxTensor(const OnnxTensor &tensor, llvm::StringRef modelPath) {
  if (tensor.dataType != kOnnxFloat)
    return createStringError("its data type is " + tensor.dataTypeName +
                             "; mnv3c reads FLOAT (32-bit) weights only");
  llvm::Expected<int64_t> elements = countElements(tensor.dims);
  if (!elements)
    return elements.takeError();
  uint64_t bytes = uint64_t(*elements) * sizeof(float);
  if (tensor.isExternal)
    return readExternal(tensor, bytes, modelPath);
  if (tensor.hasRawData) {
    if (tensor.rawData.size() != bytes)
      return createStringError("its raw_data holds " +
                               llvm::Twine(tensor.rawData.size()) +
                               " bytes, its shape needs " + llvm::Twine(bytes));
    return decodeLittleEndian(tensor.rawData);
  }
  if (tensor.floatData.size() != uint64_t(*elements))
    return createStringError(
        "its float_data holds " + llvm::Twine(tensor.floatData.size()) +
        " values, its shape needs " + llvm::Twine(*elements));
  return tensor.floatData;
}
