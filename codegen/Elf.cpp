//===- Elf.cpp - read (and patch) an ELF object file ----------------------===//
#include "Elf.h"

#include <cstring>

namespace mnv3::codegen::elf {
namespace {

constexpr uint32_t kSymtab = 2, kRela = 4, kRel = 9;

/// Little-endian field reads that never run past the end of the data.
class Reader {
public:
  explicit Reader(const std::vector<uint8_t> &d) : d(d) {}
  bool ok = true;
  uint64_t get(uint64_t at, int bytes) {
    if (at + bytes > d.size() || at + bytes < at) {
      ok = false;
      return 0;
    }
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
      v = (v << 8) | d[at + i];
    return v;
  }
  std::string str(uint64_t table, uint64_t tableSize, uint64_t at) {
    if (at >= tableSize || table + tableSize > d.size()) {
      ok = false;
      return {};
    }
    const char *p = (const char *)d.data() + table + at;
    return std::string(p, strnlen(p, tableSize - at));
  }

private:
  const std::vector<uint8_t> &d;
};

void put(std::vector<uint8_t> &d, uint64_t at, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; i++)
    d[at + i] = (uint8_t)(v >> (8 * i));
}

} // namespace

std::optional<Object> Object::parse(std::vector<uint8_t> bytes,
                                    std::string *error) {
  auto fail = [&](const char *why) -> std::optional<Object> {
    if (error)
      *error = why;
    return std::nullopt;
  };
  if (bytes.size() < 52 || std::memcmp(bytes.data(), "\x7f"
                                                     "ELF",
                                       4) != 0)
    return fail("not an ELF file");
  Object o;
  o.is64 = bytes[4] == 2;
  if (bytes[5] != 1)
    return fail("not little-endian");
  Reader r(bytes);
  int w = o.is64 ? 8 : 4;
  if (r.get(16, 2) != 1)
    return fail("not a relocatable object");
  o.machine = (uint16_t)r.get(18, 2);
  o.shoff = r.get(o.is64 ? 40 : 32, w);
  o.shentsize = (uint16_t)r.get(o.is64 ? 58 : 46, 2);
  uint64_t shnum = r.get(o.is64 ? 60 : 48, 2);
  o.shstrndx = (uint16_t)r.get(o.is64 ? 62 : 50, 2);
  if (!r.ok || shnum == 0 || o.shstrndx >= shnum)
    return fail("bad ELF header");
  for (uint64_t i = 0; i < shnum; i++) {
    uint64_t h = o.shoff + i * o.shentsize;
    Section s;
    s.nameOffset = (uint32_t)r.get(h, 4);
    s.type = (uint32_t)r.get(h + 4, 4);
    s.flags = r.get(h + 8, w);
    s.offset = r.get(h + 8 + 2 * w, w);
    s.size = r.get(h + 8 + 3 * w, w);
    s.link = (uint32_t)r.get(h + 8 + 4 * w, 4);
    s.info = (uint32_t)r.get(h + 12 + 4 * w, 4);
    o.sections.push_back(s);
  }
  const Section &names = o.sections[o.shstrndx];
  for (Section &s : o.sections)
    s.name = r.str(names.offset, names.size, s.nameOffset);
  if (!r.ok)
    return fail("bad section headers");

  o.relocations.resize(o.sections.size());
  for (const Section &s : o.sections) {
    if (s.type == kSymtab) {
      const Section &strings = o.sections.at(s.link);
      uint64_t entry = o.is64 ? 24 : 16;
      for (uint64_t at = s.offset; at + entry <= s.offset + s.size;
           at += entry) {
        Symbol y;
        y.entry = at;
        y.visibility = (uint8_t)(r.get(at + (o.is64 ? 5 : 13), 1) & 3);
        y.name = r.str(strings.offset, strings.size, r.get(at, 4));
        uint8_t info = (uint8_t)r.get(at + (o.is64 ? 4 : 12), 1);
        y.type = info & 0xf;
        y.bind = info >> 4;
        y.section = (uint16_t)r.get(at + (o.is64 ? 6 : 14), 2);
        y.value = r.get(at + (o.is64 ? 8 : 4), w);
        y.size = r.get(at + (o.is64 ? 16 : 8), w);
        o.symbols.push_back(y);
      }
    }
  }
  for (const Section &s : o.sections) {
    if (s.type != kRela && s.type != kRel)
      continue;
    bool rela = s.type == kRela;
    uint64_t entry = (o.is64 ? 16 : 8) + (rela ? w : 0);
    if (s.info >= o.relocations.size())
      return fail("bad relocation section");
    for (uint64_t at = s.offset; at + entry <= s.offset + s.size;
         at += entry) {
      Relocation rel;
      rel.offset = r.get(at, w);
      uint64_t info = r.get(at + w, w);
      rel.symbol = (uint32_t)(o.is64 ? info >> 32 : info >> 8);
      rel.type = (uint32_t)(o.is64 ? info & 0xffffffff : info & 0xff);
      rel.entry = at;
      if (rela)
        rel.addend = (int64_t)r.get(at + 2 * w, w);
      o.relocations[s.info].push_back(rel);
    }
  }
  if (!r.ok)
    return fail("truncated symbol or relocation table");
  o.data = std::move(bytes);
  return o;
}

const uint8_t *Object::at(const Symbol &s) const {
  const Section &sec = sections.at(s.section);
  if (sec.offset + s.value + s.size > data.size())
    return nullptr;
  return data.data() + sec.offset + s.value;
}

int Object::sectionIndex(const std::string &name) const {
  for (size_t i = 0; i < sections.size(); i++)
    if (sections[i].name == name)
      return (int)i;
  return -1;
}

std::vector<uint8_t>
Object::withFunctionsCantUnwind(std::vector<uint8_t> bytes) const {
  constexpr uint32_t kArmExidx = 0x70000001, kArmPrel31 = 42;
  constexpr uint32_t kCantUnwind = 1;
  if (machine != Arm)
    return bytes;
  int w = is64 ? 8 : 4;
  for (size_t i = 0; i < sections.size(); i++) {
    const Section &s = sections[i];
    if (s.type != kArmExidx)
      continue;
    // Entry: (PREL31 to the function, how to unwind it). Only the first
    // word's relocation stays; the others point into .ARM.extab or mark
    // the personality routine (__aeabi_unwind_cpp_prN) and become
    // R_ARM_NONE against no symbol.
    for (uint64_t at = s.offset; at + 8 <= s.offset + s.size; at += 8)
      put(bytes, at + 4, kCantUnwind, 4);
    for (const Relocation &r : relocations[i])
      if (r.offset % 8 != 0 || r.type != kArmPrel31)
        put(bytes, r.entry + w, 0, w);
  }
  return bytes;
}

std::optional<std::vector<uint8_t>>
Object::withSectionRenamed(const std::string &from,
                           const std::string &to) const {
  int index = sectionIndex(from);
  if (index < 0)
    return std::nullopt;
  const Section &names = sections[shstrndx];
  std::vector<uint8_t> out = data;
  // New string table: the old one plus the new name, at the end of the file.
  uint64_t tableAt = (out.size() + 7) / 8 * 8;
  out.resize(tableAt);
  out.insert(out.end(), data.begin() + names.offset,
             data.begin() + names.offset + names.size);
  uint64_t nameAt = names.size;
  out.insert(out.end(), to.begin(), to.end());
  out.push_back(0);
  int w = is64 ? 8 : 4;
  uint64_t tableHeader = shoff + (uint64_t)shstrndx * shentsize;
  put(out, tableHeader + 8 + 2 * w, tableAt, w);
  put(out, tableHeader + 8 + 3 * w, names.size + to.size() + 1, w);
  put(out, shoff + (uint64_t)index * shentsize, nameAt, 4);
  return out;
}

} // namespace mnv3::codegen::elf
