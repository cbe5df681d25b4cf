//===- HostCpu.h - what the timings of this process ran on ------*- C++ -*-===//

#ifndef MNV3C_TOOLS_HOSTCPU_H
#define MNV3C_TOOLS_HOSTCPU_H

#include <string>

namespace mnv3::cli {

/// The CPU's model name as the kernel reports it ("model name" in
/// /proc/cpuinfo, or "Model name" on ARM), or "unknown".
std::string hostCpuModel();

/// Logical CPUs online.
unsigned hostLogicalCpus();

/// The current time, UTC, as ISO 8601 ("2026-12-03T10:15:00Z").
std::string utcTimestamp();

} // namespace mnv3::cli

#endif // MNV3C_TOOLS_HOSTCPU_H
