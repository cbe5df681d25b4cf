//===- Elf.h - read (and patch) an ELF object file -------------*- C++ -*-===//
//
// The back end inspects the object it just emitted: which symbols it needs
// from outside, how large its code is per layer, how deep its stack goes,
// and it can move the embedded weights into a section the user names.
// Only what LLVM emits for our targets is handled: little-endian ELF
// relocatable objects, 32-bit (ARM) and 64-bit (x86-64, AArch64).
//
//===----------------------------------------------------------------------===//
#ifndef MNV3_CODEGEN_ELF_H
#define MNV3_CODEGEN_ELF_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mnv3::codegen::elf {

enum Machine : uint16_t { X86_64 = 62, AArch64 = 183, Arm = 40 };

struct Section {
  std::string name;
  uint32_t nameOffset = 0; ///< into the section-name string table
  uint32_t type = 0;
  uint64_t flags = 0, offset = 0, size = 0;
  uint32_t link = 0, info = 0;
  bool executable() const { return flags & 0x4; } // SHF_EXECINSTR
};

struct Symbol {
  std::string name;
  uint64_t value = 0, size = 0;
  uint16_t section = 0; ///< 0: undefined
  uint8_t type = 0;     ///< STT_FUNC = 2, STT_SECTION = 3
  uint8_t bind = 0;     ///< STB_LOCAL = 0, GLOBAL = 1, WEAK = 2
  uint8_t visibility = 0; ///< STV_DEFAULT = 0, HIDDEN = 2
  uint64_t entry = 0;   ///< file offset of its symbol-table entry
  bool isFunction() const { return type == 2; }
  bool isSection() const { return type == 3; }
  bool defined() const { return section != 0; }
};

struct Relocation {
  uint64_t offset = 0; ///< within the section it applies to
  uint32_t symbol = 0; ///< index into Object::symbols
  uint32_t type = 0;   ///< R_<machine>_*
  uint64_t entry = 0;  ///< file offset of its relocation-table entry
  int64_t addend = 0;  ///< RELA only
};

class Object {
public:
  /// nullopt (and *error) for anything that is not a little-endian ELF
  /// relocatable object with a symbol table.
  static std::optional<Object> parse(std::vector<uint8_t> bytes,
                                     std::string *error);

  uint16_t machine = 0;
  bool is64 = true;
  std::vector<Section> sections;
  std::vector<Symbol> symbols;
  /// relocations[i]: those that apply to section i.
  std::vector<std::vector<Relocation>> relocations;

  const std::vector<uint8_t> &bytes() const { return data; }
  /// The bytes of a symbol's definition (a function's code).
  const uint8_t *at(const Symbol &s) const;
  int sectionIndex(const std::string &name) const;
  /// The object with section `from` named `to` (its string table is
  /// rewritten at the end of the file); nullopt if `from` is missing.
  std::optional<std::vector<uint8_t>> withSectionRenamed(const std::string &from,
                                                         const std::string &to) const;
  /// ARM: `bytes` (this object's, possibly edited) with every function's
  /// exception-index entry EXIDX_CANTUNWIND, as LLVM writes for a nounwind
  /// function, and no reference to a personality routine left.
  std::vector<uint8_t> withFunctionsCantUnwind(std::vector<uint8_t> bytes) const;
  /// `bytes` (this object's, possibly edited) with the defined global and
  /// weak symbols for which `hide` is true given hidden visibility: still
  /// linked statically, never exported from a shared library.
  template <typename Predicate>
  std::vector<uint8_t> withSymbolsHidden(std::vector<uint8_t> bytes,
                                         Predicate hide) const {
    for (const Symbol &s : symbols)
      if (s.defined() && s.bind != 0 && hide(s)) {
        uint64_t other = s.entry + (is64 ? 5 : 13);
        bytes.at(other) = (uint8_t)((bytes[other] & ~3) | 2);
      }
    return bytes;
  }

private:
  std::vector<uint8_t> data;
  uint64_t shoff = 0;
  uint16_t shentsize = 0, shstrndx = 0;
};

} // namespace mnv3::codegen::elf

#endif // MNV3_CODEGEN_ELF_H
