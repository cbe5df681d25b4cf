//===- WeightsBlob.cpp - write NAME.weights -------------------------------===//
#include "runtime/WeightsBlob.h"

#include <cstring>

namespace mnv3::runtime::blob {

std::vector<uint8_t> make(const std::vector<uint8_t> &payload,
                          uint32_t fingerprint) {
  std::vector<uint32_t> words(payload.size() / 4);
  std::memcpy(words.data(), payload.data(), words.size() * 4);
  uint32_t header[kHeaderBytes / 4] = {};
  header[Magic0] = kMagic0;
  header[Magic1] = kMagic1;
  header[Version] = kVersion;
  header[HeaderBytes] = kHeaderBytes;
  header[PayloadLow] = (uint32_t)(payload.size() & 0xffffffffu);
  header[PayloadHigh] = (uint32_t)((uint64_t)payload.size() >> 32);
  header[Checksum] = fnv1aWords(words.data(), words.size());
  header[Fingerprint] = fingerprint;
  // The generated code reads the header and payload as little-endian words;
  // every target mnv3c compiles for is little-endian, and so is the host.
  std::vector<uint8_t> out(kHeaderBytes + payload.size());
  std::memcpy(out.data(), header, kHeaderBytes);
  std::memcpy(out.data() + kHeaderBytes, payload.data(), payload.size());
  return out;
}

} // namespace mnv3::runtime::blob
