//===- FileFormat.cpp - naming a file given in the wrong place ------------===//
//
// A PyTorch checkpoint, an ONNX model or a safetensors file passed where
// another kind belongs (ONNX is a model, the rest are not) is recognised
// from its first bytes and named in one error with the fix, instead of
// being parsed as what it is not (a binary read as a spec gave one error
// per "line").
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Support.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mnv3;

FileFormat mnv3::detectFileFormat(llvm::StringRef head, uint64_t size,
                                  llvm::StringRef path) {
  auto byte = [&](size_t i) {
    return i < head.size() ? static_cast<unsigned char>(head[i]) : 256u;
  };
  if (head.starts_with("ML\xEFR"))
    return FileFormat::MlirBytecode;
  if (head.starts_with("PK\x03\x04"))
    return FileFormat::TorchZip; // torch.save's format since PyTorch 1.6
  if (byte(0) == 0x80 && byte(1) >= 2 && byte(1) <= 5)
    return FileFormat::Pickle; // pickle protocol 2-5: older torch.save
  if (head.size() >= 9 && byte(8) == '{') {
    uint64_t header = llvm::support::endian::read64le(head.data());
    if (header >= 2 && header <= size - 8)
      return FileFormat::Safetensors;
  }
  // ONNX's ModelProto: ir_version (field 1, varint), then a string or
  // message field; torch.onnx.export writes 08 <version> 12 <len> "pytorch".
  static const unsigned kOnnxSecondField[] = {0x12, 0x1a, 0x22, 0x2a,
                                              0x32, 0x3a, 0x42, 0x4a};
  bool onnxStart = byte(0) == 0x08 && byte(1) >= 1 && byte(1) <= 32 &&
                   llvm::is_contained(kOnnxSecondField, byte(2));
  if (onnxStart || llvm::sys::path::extension(path).equals_insensitive(".onnx"))
    return FileFormat::Onnx;
  // Empty or a few bytes: too little to call it text.
  return head.size() >= 8 && findBinaryContent(head).empty()
             ? FileFormat::Text
             : FileFormat::Unknown;
}

std::string mnv3::describeFileFormat(FileFormat format) {
  switch (format) {
  case FileFormat::MlirBytecode:
    return "MLIR bytecode";
  case FileFormat::TorchZip:
    return "a PyTorch checkpoint (a zip archive, as torch.save writes)";
  case FileFormat::Pickle:
    return "a PyTorch checkpoint (a pickle, as older torch.save writes)";
  case FileFormat::Safetensors:
    return "a safetensors weights file";
  case FileFormat::Onnx:
    return "an ONNX model";
  case FileFormat::Text:
    return "a text file";
  case FileFormat::Unknown:
    break;
  }
  return "a file of unknown format";
}

std::string mnv3::misplacedFileMessage(FileFormat format, FileRole role) {
  bool checkpoint =
      format == FileFormat::TorchZip || format == FileFormat::Pickle;
  std::string is = "this is " + describeFileFormat(format);
  switch (role) {
  case FileRole::Model:
    if (checkpoint)
      return is + ", not a model: mnv3c reads a spec (models/*.mnv3) or "
                  "mnv3 IR; convert the checkpoint's weights with "
                  "tools/mnv3-export-weights.py --state-dict FILE -o "
                  "W.safetensors and pass them with --weights";
    if (format == FileFormat::Safetensors)
      return is + ", not a model: pass it with --weights, and a spec "
                  "(models/*.mnv3) or mnv3 IR as the model";
    break; // an ONNX model is a model (lib/Import/OnnxRaiser.cpp)
  case FileRole::Weights:
    if (checkpoint)
      return is + ", not safetensors: convert it with "
                  "tools/mnv3-export-weights.py --state-dict FILE -o "
                  "W.safetensors";
    if (format == FileFormat::Onnx)
      return is + ", not safetensors weights: give it as the positional "
                  "argument (an ONNX model carries its own weights)";
    if (format == FileFormat::MlirBytecode)
      return is + ", not safetensors weights: give the model as the "
                  "positional argument and its weights (safetensors, "
                  "tools/mnv3-export-weights.py) with --weights";
    if (format == FileFormat::Text)
      return is + " (a spec or mnv3 IR?), not safetensors weights: give "
                  "it as the positional argument";
    break;
  case FileRole::Tensor:
    if (format != FileFormat::Text && format != FileFormat::Unknown)
      return is + ", not a raw float32 tensor: --input takes the tensor's "
                  "little-endian f32 values alone, NCHW (numpy: "
                  "x.astype('<f4').tofile(path))";
    break;
  }
  return "";
}

FileFormat mnv3::fileFormatOf(llvm::StringRef path) {
  if (path == "-")
    return FileFormat::Unknown;
  llvm::Expected<uint64_t> size = regularFileSize(path);
  if (!size) {
    llvm::consumeError(size.takeError());
    return FileFormat::Unknown;
  }
  auto head = llvm::MemoryBuffer::getFileSlice(
      path, std::min<uint64_t>(*size, 16), 0, /*IsVolatile=*/true);
  if (!head)
    return FileFormat::Unknown;
  return detectFileFormat((*head)->getBuffer(), *size, path);
}

std::string mnv3::checkFileRole(llvm::StringRef path, FileRole role) {
  return misplacedFileMessage(fileFormatOf(path), role);
}
