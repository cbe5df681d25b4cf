//===- Target.cpp - user target names -> Halide targets, schedule knobs ---===//
#include "Internal.h"

#include <fstream>
#include <sstream>

namespace mnv3::codegen {
namespace {

const char *kFriendly =
    "host, x86-64-avx512, x86-64-avx2, x86-64-sse41, x86-64, aarch64, "
    "armv7-neon, armv7-neon-vfpv3 (or a raw Halide 14 target string such as "
    "x86-64-linux-avx2-fma-f16c-sse41 or arm-64-linux)";

std::set<std::string> cpuFlags() {
  std::set<std::string> flags;
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("flags", 0) != 0)
      continue;
    std::istringstream ss(line.substr(line.find(':') + 1));
    std::string w;
    while (ss >> w)
      flags.insert(w);
    break;
  }
  return flags;
}

// Halide 14's own host detection maps Zen 4 to avx512_sapphirerapids (AMX,
// AVX512-FP16 it does not have), so x86 hosts are resolved from the kernel's
// feature flags to the largest subset Halide knows.
std::string hostTarget() {
  Halide::Target h = Halide::get_host_target();
  if (h.arch != Halide::Target::X86 || h.bits != 64)
    return h.without_feature(Halide::Target::JIT).to_string();
  std::set<std::string> f = cpuFlags();
  auto has = [&](std::initializer_list<const char *> l) {
    for (const char *n : l)
      if (!f.count(n))
        return false;
    return true;
  };
  std::string os = h.os == Halide::Target::OSX ? "osx" : "linux";
  std::string base = "x86-64-" + os;
  if (has({"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
           "avx512ifma", "avx512vbmi", "avx2", "fma", "f16c"}))
    return base + "-avx512_cannonlake";
  if (has({"avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2",
           "fma", "f16c"}))
    return base + "-avx512_skylake";
  if (has({"avx2", "fma", "f16c", "sse4_1"}))
    return base + "-avx2-fma-f16c-sse41";
  if (has({"sse4_1"}))
    return base + "-sse41";
  return base;
}

} // namespace

std::optional<std::string> resolveTarget(const std::string &user,
                                         std::string *error) {
  std::string t;
  if (user.empty() || user == "host")
    t = hostTarget();
  else if (user == "x86-64-avx512")
    t = "x86-64-linux-avx512_skylake";
  else if (user == "x86-64-avx2")
    t = "x86-64-linux-avx2-fma-f16c-sse41";
  else if (user == "x86-64-sse41")
    t = "x86-64-linux-sse41";
  else if (user == "x86-64")
    t = "x86-64-linux";
  else if (user == "aarch64" || user == "arm64")
    t = "arm-64-linux";
  else if (user == "armv7-neon" || user == "armv7" || user == "armhf")
    // NEON with VFPv4 (fused multiply-add) and integer divide: Cortex-A7,
    // A15, A17 and ARMv8 cores in 32-bit mode. Halide 14 reaches those only
    // through its armv7s feature (LLVM's Swift model, the same ISA);
    // hard-float ABI, matching Debian armhf.
    t = "arm-32-linux-armv7s";
  else if (user == "armv7-neon-vfpv3")
    // NEON with VFPv3 (Cortex-A8, A9): no fused multiply-add, no divide.
    // Halide 14 targets this as a Cortex-A9.
    t = "arm-32-linux";
  else if (Halide::Target::validate_target_string(user))
    t = user;
  else {
    if (error)
      *error = "unknown target '" + user + "'; expected one of: " + kFriendly;
    return std::nullopt;
  }
  Halide::Target ht(t);
  if (ht.has_gpu_feature() || ht.arch == Halide::Target::Hexagon ||
      ht.arch == Halide::Target::WebAssembly) {
    if (error)
      *error = "target '" + user + "' is not a supported CPU target";
    return std::nullopt;
  }
  return ht.to_string();
}

int vecFor(int extent, int vec) {
  int v = 1;
  while (v * 2 <= vec && v * 2 <= extent)
    v *= 2;
  return v;
}

int vecDividing(int extent, int vec) {
  int v = vecFor(extent, vec);
  while (v > 1 && extent % v)
    v /= 2;
  return v;
}

} // namespace mnv3::codegen
