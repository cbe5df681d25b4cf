//===- StackBound.cpp - worst-case stack depth of the emitted code --------===//
//
// NAME_STACK_BYTES is computed from the object file itself, for any target,
// without running it: the frame of every function is read off its machine
// code, the call graph off its relocations, and the bound is the deepest
// path from the entry points.
//
// Frames. AArch64 and ARM have fixed-size instructions, so every
// instruction of a function is checked for the forms LLVM uses to grow the
// stack (pushes, stores with pre-decrement of sp, sub sp / vpush) and all of
// them are added up: a function whose prologue is placed after an early
// exit (shrink wrapping) is still counted, and several prologues on
// different paths are over-counted, never under-counted. x86-64 code cannot
// be scanned without a full decoder, so its prologue is decoded from the
// function's first byte (LLVM's x86 prologues are pushes, mov rbp, and/sub
// rsp). A stack pointer moved by a register amount makes the bound
// unknown, which is reported, not guessed.
//
// Additions. x86-64: 8 bytes of return address per call, and the 128-byte
// red zone leaf functions may use below the stack pointer. Realigning the
// stack (and rsp / bfc sp) may skip up to 64 bytes. A call to a function
// outside the object (memcpy, memset, malloc, the C library under the
// thread pool) is assumed to take at most kExternalCallBytes.
//
//===----------------------------------------------------------------------===//
#include "StackBound.h"

#include <functional>
#include <map>

namespace mnv3::codegen {
namespace {

constexpr uint64_t kRealignSlack = 64;
constexpr uint64_t kX86ReturnAddress = 8, kX86RedZone = 128;

struct Frame {
  uint64_t bytes = 0;
  bool known = true;
};

uint32_t word(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

int64_t signExtend(uint64_t v, int bits) {
  uint64_t m = 1ull << (bits - 1);
  return (int64_t)((v ^ m) - m);
}

Frame aarch64Frame(const uint8_t *code, uint64_t size) {
  Frame f;
  for (uint64_t at = 0; at + 4 <= size; at += 4) {
    uint32_t i = word(code + at);
    bool spBase = ((i >> 5) & 31) == 31;
    if ((i & 0x3BC00000) == 0x29800000 && spBase) {
      // STP (pre-index) of x/w or d/s/q registers: imm7 scaled.
      int opc = i >> 30, simd = (i >> 26) & 1;
      int scale = simd ? 4 << opc : (opc == 2 ? 8 : 4);
      int64_t imm = signExtend((i >> 15) & 0x7F, 7) * scale;
      if (imm < 0)
        f.bytes += (uint64_t)-imm;
    } else if ((i & 0x3B200C00) == 0x38000C00 && spBase &&
               ((i >> 22) & 1) == 0) {
      // STR (immediate, pre-index): imm9 unscaled.
      int64_t imm = signExtend((i >> 12) & 0x1FF, 9);
      if (imm < 0)
        f.bytes += (uint64_t)-imm;
    } else if ((i & 0xFF8003FF) == 0xD10003FF) {
      // SUB sp, sp, #imm12{, lsl #12}
      uint64_t imm = (i >> 10) & 0xFFF;
      f.bytes += ((i >> 22) & 1) ? imm << 12 : imm;
    } else if ((i & 0xFFE003FF) == 0xCB2003FF) {
      f.known = false; // SUB sp, sp, x<n>: a run-time amount
    } else if ((i & 0xFF80001F) == 0x9200001F) {
      f.bytes += kRealignSlack; // AND sp, x<n>, #-align
    }
  }
  return f;
}

uint32_t armImmediate(uint32_t i) {
  uint32_t imm = i & 0xFF, rot = ((i >> 8) & 0xF) * 2;
  return rot ? (imm >> rot) | (imm << (32 - rot)) : imm;
}

Frame armFrame(const uint8_t *code, uint64_t size) {
  Frame f;
  for (uint64_t at = 0; at + 4 <= size; at += 4) {
    uint32_t i = word(code + at);
    if ((i & 0x0FFF0000) == 0x092D0000) {
      f.bytes += 4 * (uint64_t)__builtin_popcount(i & 0xFFFF); // push {..}
    } else if ((i & 0x0FFF0FFF) == 0x052D0004) {
      f.bytes += 4; // str r<n>, [sp, #-4]!
    } else if ((i & 0x0FBF0E00) == 0x0D2D0A00) {
      f.bytes += 4 * (uint64_t)(i & 0xFF); // vpush {s/d..}
    } else if ((i & 0x0FFFF000) == 0x024DD000) {
      f.bytes += armImmediate(i); // sub sp, sp, #imm
    } else if ((i & 0x0FFFF010) == 0x004DD000) {
      f.known = false; // sub sp, sp, r<n>
    } else if ((i & 0x0FE0F07F) == 0x07C0D01F) {
      f.bytes += kRealignSlack; // bfc sp, ...
    }
  }
  return f;
}

Frame x86Frame(const uint8_t *code, uint64_t size) {
  Frame f;
  f.bytes = kX86ReturnAddress;
  uint64_t at = 0;
  auto is = [&](std::initializer_list<uint8_t> bytes) {
    if (at + bytes.size() > size)
      return false;
    uint64_t k = at;
    for (uint8_t b : bytes)
      if (code[k++] != b)
        return false;
    return true;
  };
  while (at < size) {
    if (is({0xF3, 0x0F, 0x1E, 0xFA})) { // endbr64
      at += 4;
    } else if (code[at] >= 0x50 && code[at] <= 0x57) { // push r
      f.bytes += 8, at += 1;
    } else if (at + 1 < size && code[at] == 0x41 && code[at + 1] >= 0x50 &&
               code[at + 1] <= 0x57) { // push r8-r15
      f.bytes += 8, at += 2;
    } else if (is({0x48, 0x89, 0xE5}) || is({0x48, 0x8B, 0xEC})) {
      at += 3; // mov rbp, rsp
    } else if (is({0x48, 0x83, 0xEC}) && at + 4 <= size) {
      f.bytes += code[at + 3], at += 4; // sub rsp, imm8
    } else if (is({0x48, 0x81, 0xEC}) && at + 7 <= size) {
      f.bytes += word(code + at + 3), at += 7; // sub rsp, imm32
    } else if (is({0x48, 0x83, 0xE4}) && at + 4 <= size) {
      f.bytes += kRealignSlack, at += 4; // and rsp, -align
    } else if (is({0x48, 0x81, 0xE4}) && at + 7 <= size) {
      f.bytes += kRealignSlack, at += 7;
    } else if (is({0x48, 0x29, 0xC4}) || is({0x4C, 0x29, 0xDC})) {
      f.known = false, at += 3; // sub rsp, rax / r11
    } else {
      break;
    }
  }
  return f;
}

Frame frameOf(const elf::Object &o, const elf::Symbol &s) {
  const uint8_t *code = o.at(s);
  if (!code)
    return {0, false};
  switch (o.machine) {
  case elf::AArch64:
    return aarch64Frame(code, s.size);
  case elf::Arm:
    if (s.value & 1) // Thumb code: not decoded
      return {0, false};
    return armFrame(code, s.size);
  case elf::X86_64:
    return x86Frame(code, s.size);
  }
  return {0, false};
}

} // namespace

StackBound stackBound(const elf::Object &o,
                      const std::vector<std::string> &roots) {
  StackBound result;
  // Functions by symbol index, and the functions defined in each section
  // (relocations may name a section symbol plus an offset).
  std::map<uint32_t, Frame> frames;
  std::map<uint16_t, std::vector<uint32_t>> bySection;
  for (uint32_t i = 0; i < o.symbols.size(); i++) {
    const elf::Symbol &s = o.symbols[i];
    if (s.isFunction() && s.defined()) {
      frames[i] = frameOf(o, s);
      bySection[s.section].push_back(i);
    }
  }
  auto callees = [&](uint32_t fn) {
    const elf::Symbol &f = o.symbols[fn];
    std::vector<int64_t> out; // symbol index, or -1 for an outside function
    uint64_t begin = f.value & ~1ull, end = begin + f.size;
    for (const elf::Relocation &r : o.relocations.at(f.section)) {
      if (r.offset < begin || r.offset >= end || r.symbol >= o.symbols.size())
        continue;
      const elf::Symbol &t = o.symbols[r.symbol];
      if (t.isFunction() && t.defined())
        out.push_back(r.symbol);
      else if (!t.defined() && !t.name.empty())
        out.push_back(-1);
      else if (t.isSection() && o.sections.at(t.section).executable())
        for (uint32_t g : bySection[t.section])
          out.push_back(g);
    }
    return out;
  };
  uint64_t leafExtra = o.machine == elf::X86_64 ? kX86RedZone : 0;
  std::map<uint32_t, uint64_t> depth;
  std::map<uint32_t, bool> onPath;
  std::function<uint64_t(uint32_t)> deepest = [&](uint32_t fn) -> uint64_t {
    if (auto it = depth.find(fn); it != depth.end())
      return it->second;
    if (onPath[fn]) {
      result.problem = "recursion through " + o.symbols[fn].name;
      return 0;
    }
    onPath[fn] = true;
    const Frame &frame = frames[fn];
    if (!frame.known && result.problem.empty())
      result.problem = "the stack frame of " + o.symbols[fn].name +
                       " has a size known only at run time";
    uint64_t below = leafExtra;
    for (int64_t c : callees(fn)) {
      uint64_t d = c < 0 ? kExternalCallBytes : deepest((uint32_t)c);
      below = std::max(below, d);
    }
    onPath[fn] = false;
    return depth[fn] = frame.bytes + below;
  };
  for (const std::string &root : roots) {
    bool found = false;
    for (auto &[index, frame] : frames)
      if (o.symbols[index].name == root) {
        result.bytes = std::max<uint64_t>(result.bytes, deepest(index));
        found = true;
      }
    if (!found && result.problem.empty())
      result.problem = "entry point " + root + " not found in the object";
  }
  return result;
}

} // namespace mnv3::codegen
