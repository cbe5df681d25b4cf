//===- Identifiers.cpp - names that become C symbols and macros -----------===//

#include "mnv3c/Support.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

bool mnv3::isCIdentifier(llvm::StringRef name) {
  return !name.empty() && llvm::isAlpha(name[0]) &&
         llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

std::string mnv3::toResourceKey(llvm::StringRef name) {
  std::string key = name.str();
  for (char &c : key)
    if (!llvm::isAlnum(c) && c != '_' && c != '$' && c != '.')
      c = '_';
  if (key.empty() || !(llvm::isAlpha(key[0]) || key[0] == '_'))
    key.insert(key.begin(), '_');
  return key;
}
