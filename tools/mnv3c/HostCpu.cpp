//===- HostCpu.cpp - the machine a latency table was measured on ----------===//

#include "HostCpu.h"

#include "llvm/ADT/StringRef.h"

#include <ctime>
#include <fstream>
#include <thread>

std::string mnv3::cli::hostCpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    llvm::StringRef text(line);
    auto [key, value] = text.split(':');
    key = key.trim();
    if (key == "model name" || key == "Model name")
      return value.trim().str();
  }
  return "unknown";
}

unsigned mnv3::cli::hostLogicalCpus() {
  return std::thread::hardware_concurrency();
}

std::string mnv3::cli::utcTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}
