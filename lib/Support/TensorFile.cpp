//===- TensorFile.cpp - raw little-endian f32 tensors on disk -------------===//

#include "mnv3c/Support.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mnv3;

llvm::Expected<Tensor> mnv3::readTensorFile(llvm::StringRef path,
                                            llvm::ArrayRef<int64_t> shape) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError(file.getError(), "cannot read: %s",
                                   file.getError().message().c_str());
  Tensor tensor(shape);
  size_t expected = tensor.data.size() * sizeof(float);
  llvm::StringRef bytes = (*file)->getBuffer();
  if (bytes.size() != expected)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "holds %zu bytes; a float32 tensor of %lld elements needs %zu",
        bytes.size(),
        static_cast<long long>(tensor.data.size()), expected);
  for (size_t i = 0; i < tensor.data.size(); ++i)
    tensor.data[i] = llvm::bit_cast<float>(
        llvm::support::endian::read32le(bytes.data() + i * sizeof(float)));
  return tensor;
}

llvm::Error mnv3::writeTensorFile(llvm::StringRef path, const Tensor &tensor) {
  std::error_code error;
  llvm::raw_fd_ostream os(path, error, llvm::sys::fs::OF_None);
  if (error)
    return llvm::createStringError(error, "cannot write: %s",
                                   error.message().c_str());
  for (float value : tensor.data) {
    char bytes[4];
    llvm::support::endian::write32le(bytes, llvm::bit_cast<uint32_t>(value));
    os.write(bytes, sizeof(bytes));
  }
  os.close();
  if (os.has_error())
    return llvm::createStringError(os.error(), "cannot write: %s",
                                   os.error().message().c_str());
  return llvm::Error::success();
}
