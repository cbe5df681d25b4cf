//===- BinaryContent.cpp - telling a binary file from a text one ----------===//
//
// Specs and textual IR are UTF-8 text without NUL bytes. A weights file or an
// ONNX model given in their place is neither, and saying so once beats an
// error for every "line" of it.
//
//===----------------------------------------------------------------------===//

#include "mnv3c/Support.h"

#include "llvm/Support/ConvertUTF.h"

std::string mnv3::findBinaryContent(llvm::StringRef text) {
  size_t nul = text.find('\0');
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const llvm::UTF8 *bad = begin;
  size_t badUtf8 = llvm::isLegalUTF8String(&bad, begin + text.size())
                       ? llvm::StringRef::npos
                       : size_t(bad - begin);
  if (nul == llvm::StringRef::npos && badUtf8 == llvm::StringRef::npos)
    return "";
  if (nul < badUtf8)
    return "a NUL byte at offset " + std::to_string(nul);
  return "invalid UTF-8 at offset " + std::to_string(badUtf8);
}
