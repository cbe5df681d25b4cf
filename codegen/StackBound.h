//===- StackBound.h - worst-case stack depth of the emitted code -*- C++ -*-===//
#ifndef MNV3_CODEGEN_STACKBOUND_H
#define MNV3_CODEGEN_STACKBOUND_H

#include "Elf.h"

#include <string>
#include <vector>

namespace mnv3::codegen {

/// Stack assumed for one call into a function outside the library
/// (memcpy, memset, malloc, the C library under the thread pool).
inline constexpr uint64_t kExternalCallBytes = 1024;

struct StackBound {
  uint64_t bytes = 0;   ///< deepest path from any root, in bytes
  std::string problem;  ///< non-empty when no bound could be derived
};

/// The worst-case stack depth of calls to `roots` (the library's entry
/// points), from the machine code and relocations of `object`.
StackBound stackBound(const elf::Object &object,
                      const std::vector<std::string> &roots);

} // namespace mnv3::codegen

#endif // MNV3_CODEGEN_STACKBOUND_H
