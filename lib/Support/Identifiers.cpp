//===- Identifiers.cpp - names that become C symbols and macros -----------===//

#include "mnv3c/Support.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

bool mnv3::isCIdentifier(llvm::StringRef name) {
  return !name.empty() && llvm::isAlpha(name[0]) &&
         llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}
