/* classify_t32.c - sorts ARMv7 Thumb-state instructions into armcount's
 * classes.
 *
 * Debian's armhf compilers emit Thumb-2 by default, so a program's libc and
 * main() are Thumb even when a model library is ARM code. Follows the
 * Thumb decode of the ARMv7-A manual (A6.2 for 16-bit, A6.3 for 32-bit).
 * The SIMD and VFP encodings are the A32 ones with a different prefix, so
 * they are rewritten into A32 form and handed to classify_a32.
 */
#include "insn_class.h"

#define BIT(word, n) (((word) >> (n)) & 1u)
#define FIELD(word, lo, width) (((word) >> (lo)) & ((1u << (width)) - 1u))

static struct insn_info make(enum insn_class cls) {
  struct insn_info info = {cls, 0, 0, 0, 0};
  return info;
}

struct insn_info classify_t16(uint16_t h) {
  if (FIELD(h, 12, 4) == 0x5) /* register offset: STR, STRH, STRB first */
    return make(FIELD(h, 9, 3) >= 3 ? CLASS_LOAD : CLASS_STORE);
  if (FIELD(h, 11, 5) == 0x09) /* LDR (literal) */
    return make(CLASS_LOAD);
  /* 011x word/byte immediate, 1000 halfword, 1001 SP-relative, 1100 LDM/STM,
   * 1011 x10x PUSH/POP: the load bit is bit 11 in all of them */
  uint32_t top = FIELD(h, 12, 4);
  if (top == 0x6 || top == 0x7 || top == 0x8 || top == 0x9 || top == 0xC ||
      (top == 0xB && FIELD(h, 9, 2) == 2))
    return make(BIT(h, 11) ? CLASS_LOAD : CLASS_STORE);
  return make(CLASS_OTHER);
}

struct insn_info classify_t32(uint16_t first, uint16_t second) {
  uint32_t low = FIELD(first, 0, 12); /* the bits A32 keeps at 27:16 */
  if ((first & 0xEF00u) == 0xEF00u) /* 111U 1111: Advanced SIMD data */
    return classify_a32(0xF2000000u | (BIT(first, 12) << 24) |
                        ((uint32_t)(first & 0xFFu) << 16) | second);
  if ((first & 0xFF10u) == 0xF900u) /* 1111 1001 xxx0: VLDn/VSTn */
    return classify_a32(0xF4000000u | ((uint32_t)(first & 0xFFu) << 16) |
                        second);
  if ((first & 0xEC00u) == 0xEC00u) { /* coprocessor, VFP */
    if (BIT(first, 12)) /* the "2" forms: LDC2, MCR2, ... */
      return make(CLASS_OTHER);
    return classify_a32(0xE0000000u | (low << 16) | second);
  }
  if ((first & 0xFE40u) == 0xE800u) /* 1110 100x x0xx: LDM/STM, PUSH/POP */
    return make(BIT(first, 4) ? CLASS_LOAD : CLASS_STORE);
  if ((first & 0xFE40u) == 0xE840u) { /* dual, exclusive, table branch */
    if ((first & 0xFFF0u) == 0xE8D0u && (second & 0xFFE0u) == 0xF000u)
      return make(CLASS_LOAD); /* TBB/TBH: a branch that reads its table */
    return make(BIT(first, 4) ? CLASS_LOAD : CLASS_STORE);
  }
  if ((first & 0xFE00u) == 0xF800u) /* 1111 100x: single loads and stores */
    return make(BIT(first, 4) ? CLASS_LOAD : CLASS_STORE);
  return make(CLASS_OTHER);
}
