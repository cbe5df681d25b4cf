//===- TensorFile.cpp - raw little-endian f32 tensors on disk -------------===//

#include "mnv3c/Support.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mnv3;

llvm::Expected<Tensor> mnv3::readTensorFile(llvm::StringRef path,
                                            llvm::ArrayRef<int64_t> shape) {
  int64_t elements = Tensor::numElements(shape);
  uint64_t expected = uint64_t(elements) * sizeof(float);
  // Sized before anything is read or allocated: the file must hold exactly
  // the tensor.
  llvm::Expected<uint64_t> size = regularFileSize(path);
  if (!size)
    return size.takeError();
  if (std::string wrong = checkFileRole(path, FileRole::Tensor); !wrong.empty())
    return llvm::createStringError(std::errc::invalid_argument, "%s",
                                   wrong.c_str());
  if (*size != expected)
    return llvm::createStringError(
        std::errc::invalid_argument,
        "holds %llu bytes; a float32 tensor of %lld elements needs %llu",
        static_cast<unsigned long long>(*size),
        static_cast<long long>(elements),
        static_cast<unsigned long long>(expected));
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> file =
      readInputFile(path, expected, "this tensor");
  if (!file)
    return file.takeError();
  llvm::StringRef bytes = (*file)->getBuffer();
  if (bytes.size() != expected) // changed since it was sized
    return llvm::createStringError(std::errc::invalid_argument,
                                   "changed size while being read");
  Tensor tensor(shape);
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
