//===- Safetensors.h - a validating reader of .safetensors files -*- C++ -*-===//
//
// The weights of a network come in a safetensors file (docs/cli.md, "Files"),
// named after torchvision's MobileNetV3 modules (`features.0.0.weight`, ...).
//
// The format: an 8-byte little-endian u64 header length N, then N bytes of
// UTF-8 JSON,
//
//   {"__metadata__": {"key": "value", ...},            (optional)
//    "<name>": {"dtype": "F32", "shape": [16, 3, 3, 3],
//               "data_offsets": [begin, end]}, ...}
//
// then the data section: raw little-endian C-order tensor data, with
// data_offsets relative to the start of the data section (the end of the
// header).
//
// SafetensorsFile::open() validates the whole header before the data
// section is read, so no later read goes out of bounds, whatever the file
// holds; memory stays bounded by the file's own size. What it accepts and
// rejects (each rejection is a one-line message):
//  - rejects: anything but a regular file (a directory, a device such as
//    /dev/zero, a FIFO), before opening it; files shorter than 8 bytes; a
//    header length past the end of the file or over 100 MiB; JSON that does
//    not parse (with its byte offset) or nests deeper than 32 levels; a top
//    level that is not an object; duplicate keys at any level (llvm::json
//    would silently keep the last); entries without
//    "dtype"/"shape"/"data_offsets" or with wrong JSON types; non-integer
//    (also `3.0`, `3e0`) or negative dims; dims whose product, or whose byte
//    size, overflows 64 bits; unknown dtypes; data_offsets that are not
//    [begin, end] with 0 <= begin <= end <= size of the data section; byte
//    sizes other than product(shape) * dtype size; overlapping byte ranges;
//    bytes of the data section that belong to no tensor (a gap between
//    tensors, or trailing bytes after the last): as in the reference Rust
//    implementation, the tensors must tile the data section exactly; an
//    empty tensor name; "__metadata__" that is not string->string.
//  - accepts: keys in an entry other than the three above (ignored, as the
//    Rust implementation does); zero-element tensors (begin == end, anywhere
//    in the data section, never counted as overlapping); header padding with
//    trailing spaces.
//
//===----------------------------------------------------------------------===//

#ifndef MNV3C_SAFETENSORS_H
#define MNV3C_SAFETENSORS_H

#include "mnv3c/Tensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mnv3 {

/// One tensor of the header, validated: `begin <= end <= data section size`
/// and `end - begin == numElements() * bytes per element of dtype`.
struct SafetensorsEntry {
  std::string name;
  std::string dtype; ///< as in the file: "F32", "F16", "BF16", "I64", ...
  llvm::SmallVector<int64_t, 4> shape;
  uint64_t begin = 0, end = 0; ///< byte range in the data section

  int64_t numElements() const { return Tensor::numElements(shape); }
};

/// Bytes per element of a safetensors dtype name ("F32" -> 4, "BOOL" -> 1,
/// ...), or 0 if the name is not a dtype this reader knows.
unsigned safetensorsDtypeSize(llvm::StringRef dtype);

class SafetensorsFile {
public:
  /// Reads `path`, a regular file, and validates its whole header (see the
  /// file comment). The error message is one line and does not name the
  /// file: callers print it as "PATH: error: MESSAGE".
  static llvm::Expected<SafetensorsFile> open(llvm::StringRef path);
  /// Same, for a file already in memory; `buffer` is kept.
  static llvm::Expected<SafetensorsFile>
  open(std::unique_ptr<llvm::MemoryBuffer> buffer);

  /// All tensors, in file order (by begin offset, then end, then name).
  llvm::ArrayRef<SafetensorsEntry> entries() const { return entryList; }
  /// The tensor called `name`, or null.
  const SafetensorsEntry *find(llvm::StringRef name) const;
  /// The "__metadata__" map (empty if the file has none).
  const std::map<std::string, std::string> &metadata() const { return meta; }

  /// The raw little-endian bytes of `entry`. Fails (instead of reading out of
  /// bounds) if `entry` does not fit this file's data section.
  llvm::Expected<llvm::ArrayRef<uint8_t>>
  bytes(const SafetensorsEntry &entry) const;
  /// The tensor's values as f32: F32 copied, F16 and BF16 widened exactly (an
  /// F16 NaN comes out quiet, as from F16C/torch). Any other dtype is an
  /// error naming the tensor and its dtype.
  llvm::Expected<std::vector<float>>
  readFloat(const SafetensorsEntry &entry) const;
  /// The tensor called `name` as an f32 Tensor (see readFloat); an error if
  /// there is no such tensor.
  llvm::Expected<Tensor> readTensor(llvm::StringRef name) const;

private:
  SafetensorsFile() = default;
  /// Validates `header` for a data section of `dataSize` bytes; the result
  /// has its entries and metadata, but no data yet.
  static llvm::Expected<SafetensorsFile> parseHeader(llvm::StringRef header,
                                                     uint64_t dataSize);

  std::unique_ptr<llvm::MemoryBuffer> buffer;
  llvm::ArrayRef<uint8_t> data; ///< the data section, inside `buffer`
  std::vector<SafetensorsEntry> entryList;
  std::map<std::string, size_t> byName; ///< name -> index in entryList
  std::map<std::string, std::string> meta;
};

} // namespace mnv3

#endif // MNV3C_SAFETENSORS_H
