//===- InputsHash.h - FNV-1a 64, the provenance hash of a compile ---------===//
//
// NAME_INPUTS_HASH in a generated header: the driver hashes the model file,
// the weights file and the pass pipeline; code generation adds the resolved
// target and the options that change the code. Plain C++ (no LLVM, no
// Halide), so both sides use this one definition.
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_RUNTIME_INPUTSHASH_H
#define MNV3_RUNTIME_INPUTSHASH_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace mnv3::runtime {

inline constexpr uint64_t kInputsHashSeed = 14695981039346656037ull;

/// `hash = (hash ^ byte) * prime` over `bytes`, continuing from `hash`.
inline uint64_t hashBytes(const void *bytes, size_t count,
                          uint64_t hash = kInputsHashSeed) {
  const unsigned char *p = static_cast<const unsigned char *>(bytes);
  for (size_t i = 0; i < count; i++)
    hash = (hash ^ p[i]) * 1099511628211ull;
  return hash;
}

/// A string and its terminating zero, so "ab" + "c" and "a" + "bc" differ.
inline uint64_t hashString(const std::string &text, uint64_t hash) {
  return hashBytes(text.c_str(), text.size() + 1, hash);
}

} // namespace mnv3::runtime

#endif // MNV3_RUNTIME_INPUTSHASH_H
