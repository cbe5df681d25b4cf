//===- Options.cpp - check Emit/BenchOptions before any work is done -----===//
#include "Codegen.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace mnv3::codegen {
namespace {

/// Longest NAME: symbols and files are NAME plus a suffix (the longest
/// file is NAME.report.json, the longest symbols add a layer name), and
/// file names are limited to 255 bytes.
constexpr size_t kMaxNameLength = 64;
/// Halide's thread pool has at most 256 workers.
constexpr int kMaxThreads = 256;
/// One bench run of Large (whole call, stages in sequence, stages alone)
/// took 12-17 ms here: 10000 runs are minutes, not days.
constexpr int kMaxRuns = 10000;

const char *const kEmitKinds[] = {"lib", "header", "obj", "asm",
                                  "cpp", "stmt",   "stages"};

bool isIdentifier(const std::string &s) {
  if (s.empty() || std::isdigit((unsigned char)s[0]))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum((unsigned char)c) || c == '_';
  });
}

bool isSectionName(const std::string &s) {
  return !s.empty() && s.size() <= 64 &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalnum((unsigned char)c) || c == '_' || c == '.' ||
                  c == '$';
         });
}

} // namespace

std::string checkName(const std::string &name) {
  if (!isIdentifier(name))
    return fmt::format("name '{}' is not a C identifier (letters, digits and "
                       "'_', not starting with a digit)",
                       name);
  if (name.size() > kMaxNameLength)
    return fmt::format("name '{}...' is {} characters long; at most {} are "
                       "allowed",
                       name.substr(0, 16), name.size(), kMaxNameLength);
  // Reserved: identifiers C keeps for the implementation, and the prefix of
  // the Halide runtime, whose symbols NAME_* could collide with.
  std::string lower = name;
  for (char &c : lower)
    c = (char)std::tolower((unsigned char)c);
  if (name[0] == '_' || lower.rfind("halide", 0) == 0)
    return fmt::format("name '{}' is reserved (names may not start with '_' "
                       "or 'halide')",
                       name);
  return {};
}

std::string checkThreads(int threads) {
  if (threads < 1 || threads > kMaxThreads)
    return fmt::format("threads must be in [1, {}], got {}", kMaxThreads,
                       threads);
  return "";
}

std::string checkBenchOptions(const BenchOptions &o) {
  if (std::string t = checkThreads(o.threads); !t.empty())
    return t;
  if (o.runs < 1 || o.runs > kMaxRuns)
    return fmt::format("runs must be in [1, {}], got {}", kMaxRuns, o.runs);
  return "";
}

std::string checkEmitOptions(const EmitOptions &o) {
  if (o.outDir.empty())
    return "the output directory is empty";
  if (!o.name.empty())
    if (std::string e = checkName(o.name); !e.empty())
      return e;
  for (const std::string &k : o.emit)
    if (std::find(std::begin(kEmitKinds), std::end(kEmitKinds), k) ==
        std::end(kEmitKinds))
      return fmt::format("unknown --emit kind '{}'; expected lib, header, obj, "
                         "asm, cpp, stmt or stages",
                         k);
  if (std::string t = checkThreads(o.threads); !t.empty())
    return t;
  if (o.freestanding && o.threads > 1)
    return "a freestanding library cannot use threads (--threads must be 1)";
  if (o.externalWeights && !o.weightsSection.empty())
    return "external weights are not in the library, so they have no "
           "section (use one of --external-weights and --weights-section)";
  if (!o.weightsSection.empty() && !isSectionName(o.weightsSection))
    return fmt::format("'{}' is not a section name (1 to 64 of A-Z a-z 0-9 "
                       "_ . $)",
                       o.weightsSection);
  if (std::string e = checkInputValues(o.input); !e.empty())
    return e;
  std::string error;
  if (!resolveTarget(o.target, &error))
    return error;
  return {};
}

} // namespace mnv3::codegen

namespace mnv3::codegen {

const char *mnv3cVersion() { return MNV3C_VERSION; }
const char *halideVersion() { return MNV3_HALIDE_VERSION; }

} // namespace mnv3::codegen
