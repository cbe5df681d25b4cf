//===- WeightsBlob.h - the layout of NAME.weights --------------*- C++ -*-===//
//
// With --external-weights the weights leave the library and travel as one
// blob, NAME.weights, that the application loads or maps wherever it likes
// and passes to NAME_run. All integers are little-endian:
//
//   offset  size  field
//        0     8  magic "MNV3WTS1"
//        8     4  format version (1)
//       12     4  header bytes (64): the payload starts here
//       16     8  payload bytes
//       24     4  payload checksum: FNV-1a (32-bit) over the payload's
//                 little-endian 32-bit words
//       28     4  model fingerprint: FNV-1a over the layout of the weight
//                 tensors (offsets and shapes), so another model's blob is
//                 refused even when it has the same size
//       32    32  zero
//       64     -  payload: every packed weight tensor at a 64-byte aligned
//                 offset, float32
//
// NAME_run checks the header (magic, version, sizes, fingerprint) on every
// call; NAME_check_weights also recomputes the checksum (one pass over the
// blob), which a loader calls once after reading or flashing it. Weights of
// another training run of the same architecture have the same fingerprint
// and are accepted: the blob can be updated without recompiling.
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_RUNTIME_WEIGHTSBLOB_H
#define MNV3_RUNTIME_WEIGHTSBLOB_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mnv3::runtime::blob {

inline constexpr uint32_t kMagic0 = 0x3356'4E4D; // "MNV3" little-endian
inline constexpr uint32_t kMagic1 = 0x3153'5457; // "WTS1"
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kHeaderBytes = 64;
/// Word indices of the header fields (32-bit words).
enum Word : int {
  Magic0 = 0,
  Magic1 = 1,
  Version = 2,
  HeaderBytes = 3,
  PayloadLow = 4,
  PayloadHigh = 5,
  Checksum = 6,
  Fingerprint = 7,
};

inline constexpr uint32_t kFnvOffset = 2166136261u;
inline constexpr uint32_t kFnvPrime = 16777619u;

/// FNV-1a over 32-bit words: `hash = (hash ^ word) * prime`.
inline uint32_t fnv1aWords(const uint32_t *words, size_t count,
                           uint32_t hash = kFnvOffset) {
  for (size_t i = 0; i < count; i++)
    hash = (hash ^ words[i]) * kFnvPrime;
  return hash;
}

/// The whole blob: header + payload (payload size a multiple of 4).
std::vector<uint8_t> make(const std::vector<uint8_t> &payload,
                          uint32_t fingerprint);

} // namespace mnv3::runtime::blob

#endif // MNV3_RUNTIME_WEIGHTSBLOB_H
