//===- ObjectCode.cpp - emit, check and measure the library's object code --===//
//
// The module is compiled to object code once, in memory. Before anything is
// written, the object is read back (Elf.h) to check the promise the library
// makes about what it links against, to measure its code and stack, and, if
// asked, to move the weights into the user's linker section. NAME.o and
// NAME.a are then written from those bytes.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include "Elf.h"
#include "StackBound.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

using namespace Halide;

namespace mnv3::codegen {
namespace {

/// Symbols a library may take from outside: the C library's memory
/// functions and the compiler's own helpers, which LLVM itself emits calls
/// to. A --threads N library carries Halide's thread pool (pthreads) and
/// is not checked; --freestanding forbids threads.
bool allowedExternal(const std::string &name, uint16_t machine) {
  if (name == "memcpy" || name == "memmove" || name == "memset")
    return true;
  return machine == elf::Arm && name.rfind("__aeabi_", 0) == 0;
}

void checkExternals(const elf::Object &o, const EmitOptions &opts) {
  if (opts.threads > 1)
    return;
  std::vector<std::string> bad;
  for (const elf::Symbol &s : o.symbols)
    if (!s.defined() && !s.name.empty() && !s.isSection() &&
        !allowedExternal(s.name, o.machine))
      bad.push_back(s.name);
  if (!bad.empty())
    throw std::runtime_error(fmt::format(
        "internal error: the generated code needs '{}'{}, which a "
        "single-threaded library must not call (only memcpy, memmove, memset "
        "and the compiler's helpers)",
        bad[0],
        bad.size() > 1 ? fmt::format(" and {} more", bad.size() - 1) : ""));
}

std::vector<uint8_t> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

void writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write((const char *)bytes.data(), (std::streamsize)bytes.size());
  if (!out)
    throw std::runtime_error("cannot write " + path);
}

} // namespace

ObjectFacts emitObjectCode(const Module &m, const EmitOptions &opts,
                           const std::string &dir, const std::string &name,
                           std::vector<std::string> &files) {
  // Halide writes objects to files only; a scratch name in the output
  // directory keeps everything on one file system.
  std::string scratchObject = dir + "/." + name + ".tmp.o";
  m.compile({{OutputFileType::object, scratchObject}});
  std::vector<uint8_t> bytes = readFile(scratchObject);
  std::remove(scratchObject.c_str());

  std::string error;
  std::optional<elf::Object> object = elf::Object::parse(bytes, &error);
  if (!object)
    throw std::runtime_error("cannot read the emitted object: " + error);
  checkExternals(*object, opts);

  ObjectFacts facts;
  for (const elf::Section &s : object->sections)
    if (s.executable())
      facts.codeBytes += s.size;
  for (const elf::Symbol &s : object->symbols)
    if (s.isFunction() && s.defined())
      facts.functionBytes[s.name] += s.size;
  int rodata = object->sectionIndex(".rodata");
  if (rodata >= 0)
    facts.weightsSectionBytes = object->sections[rodata].size;

  std::vector<std::string> roots = {name + "_run", name + "_release"};
  if (opts.externalWeights)
    roots.push_back(name + "_check_weights");
  StackBound stack = stackBound(*object, roots);
  if (!stack.problem.empty())
    throw std::runtime_error("cannot bound the stack: " + stack.problem);
  // Rounded up so the published figure is a whole number of cache lines.
  facts.stackBytes = (stack.bytes + 63) / 64 * 64;

  if (!opts.weightsSection.empty() && opts.weightsSection != ".rodata") {
    // Constant weights are the only data in .rodata: Halide emits them as
    // private globals there, and other constants go to .rodata.cst*.
    std::optional<std::vector<uint8_t>> renamed =
        object->withSectionRenamed(".rodata", opts.weightsSection);
    if (renamed)
      bytes = std::move(*renamed);
  }

  // The generated code never throws, but LLVM cannot infer nounwind for a
  // function with inline asm (the ARMv7 lane multiply-add) and gives it an
  // unwind entry that needs the C++ unwinder's personality routine.
  bytes = object->withFunctionsCantUnwind(std::move(bytes));

  // Every symbol the library exports carries its prefix; the Halide runtime
  // of a --threads N library (halide_*, its C++ internals, and one
  // unprefixed function) is hidden instead.
  bytes = object->withSymbolsHidden(std::move(bytes), [&](const elf::Symbol &s) {
    return s.name.rfind(name + "_", 0) != 0;
  });

  if (opts.emit.count("obj")) {
    writeFile(dir + "/" + name + ".o", bytes);
    files.push_back(dir + "/" + name + ".o");
  }
  if (opts.emit.count("lib")) {
    // The archive member is named after its file: NAME.o, in a scratch
    // directory so that an emitted NAME.o is left alone.
    std::string staging = dir + "/." + name + ".objects";
    std::filesystem::create_directories(staging);
    std::string member = staging + "/" + name + ".o";
    writeFile(member, bytes);
    std::string lib = dir + "/" + name + ".a";
    std::remove(lib.c_str());
    create_static_library({member}, m.target(), lib);
    std::filesystem::remove_all(staging);
    files.push_back(lib);
  }
  return facts;
}

} // namespace mnv3::codegen
