//===- InputFile.cpp - reading input files with bounded memory ------------===//
//
// Every file mnv3c reads is sized before it is read: a device such as
// /dev/zero is endless, and opening a FIFO blocks until someone writes to it,
// so only regular files are opened at all, and none larger than its reader
// accepts is loaded.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Support.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mnv3;
namespace fs = llvm::sys::fs;

namespace {
llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

const char *kindOf(fs::file_type type) {
  switch (type) {
  case fs::file_type::directory_file:
    return "a directory";
  case fs::file_type::character_file:
    return "a character device";
  case fs::file_type::block_file:
    return "a block device";
  case fs::file_type::fifo_file:
    return "a FIFO";
  case fs::file_type::socket_file:
    return "a socket";
  default:
    return "not a regular file";
  }
}

/// Stdin cannot be sized up front; it is read no further than one byte past
/// the limit, which is enough to tell that it is over.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readStdin(uint64_t maxBytes, const llvm::Twine &what) {
  llvm::SmallVector<char, 0> bytes;
  fs::file_t stdinHandle = fs::getStdinHandle();
  while (bytes.size() <= maxBytes) {
    size_t chunk = std::min<uint64_t>(maxBytes + 1 - bytes.size(), 1 << 16);
    size_t old = bytes.size();
    bytes.resize_for_overwrite(old + chunk);
    llvm::Expected<size_t> got = fs::readNativeFile(
        stdinHandle, llvm::MutableArrayRef<char>(bytes).drop_front(old));
    if (!got)
      return fail("cannot read: " + llvm::toString(got.takeError()));
    bytes.truncate(old + *got);
    if (*got == 0)
      return llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(bytes.data(), bytes.size()), "<stdin>");
  }
  return fail("holds over " + llvm::Twine(maxBytes) + " bytes, the limit for " +
              what);
}
} // namespace

llvm::Expected<uint64_t> mnv3::regularFileSize(llvm::StringRef path) {
  fs::file_status status;
  if (std::error_code error = fs::status(path, status))
    return fail("cannot read: " + error.message());
  if (status.type() != fs::file_type::regular_file)
    return fail(llvm::Twine("is ") + kindOf(status.type()) +
                ", not a regular file");
  return status.getSize();
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
mnv3::readInputFile(llvm::StringRef path, uint64_t maxBytes,
                    const llvm::Twine &what) {
  if (path == "-")
    return readStdin(maxBytes, what);
  llvm::Expected<uint64_t> size = regularFileSize(path);
  if (!size)
    return size.takeError();
  if (*size > maxBytes)
    return fail("is " + llvm::Twine(*size) + " bytes, over the " +
                llvm::Twine(maxBytes) + "-byte limit for " + what);
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/true);
  if (!buffer)
    return fail("cannot read: " + buffer.getError().message());
  // The file may have grown since it was sized.
  if ((*buffer)->getBufferSize() > maxBytes)
    return fail("grew past the " + llvm::Twine(maxBytes) + "-byte limit for " +
                what + " while being read");
  return std::move(*buffer);
}
