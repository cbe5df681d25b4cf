/* classify_a64.c - sorts A64 instruction words into armcount's classes.
 *
 * Follows the top-level decode of the Arm Architecture Reference Manual for
 * A-profile (op0 = bits 28:25): x1x0 loads and stores, x111 SIMD&FP data
 * processing, 0010 SVE, everything else is "other". Inside those groups
 * only the encodings that matter for an fp32 convolution are told apart.
 */
#include "insn_class.h"

#define BIT(word, n) (((word) >> (n)) & 1u)
#define FIELD(word, lo, width) (((word) >> (lo)) & ((1u << (width)) - 1u))

static struct insn_info make(enum insn_class cls) {
  struct insn_info info = {cls, 0, 0, 0, 0};
  return info;
}

/* Lanes of a vector of `element_bits` elements, 64 or 128 bits wide. */
static uint8_t lanes(uint32_t q, unsigned element_bits) {
  return (uint8_t)((q ? 128u : 64u) / element_bits);
}

/* Loads and stores: op0 = x1x0. V (bit 26) selects SIMD&FP registers. */
static struct insn_info memory(uint32_t w) {
  uint32_t simd = BIT(w, 26), group = FIELD(w, 28, 2);
  int load;
  if (group == 0) /* exclusives/ordered (V=0), LD1-4/ST1-4 (V=1): L = bit 22 */
    load = BIT(w, 22);
  else if (group == 1) /* literal loads; RCpc unscaled forms (bit 24) */
    load = !BIT(w, 24) || FIELD(w, 22, 2) != 0;
  else if (group == 2) /* pairs: L = bit 22 */
    load = BIT(w, 22);
  else if (simd) /* single register, SIMD&FP: opc<0> is the load bit */
    load = BIT(w, 22);
  else if (!BIT(w, 24) && BIT(w, 21) && FIELD(w, 10, 2) == 0)
    load = 1; /* atomic read-modify-write (LDADD, SWP, ...): returns data */
  else /* single register, general: opc = 00 is the only store */
    load = FIELD(w, 22, 2) != 0; /* PRFM (size 11, opc 10) counts as load */
  struct insn_info info = make(load ? CLASS_LOAD : CLASS_STORE);
  info.simd_mem = (uint8_t)simd;
  return info;
}

/* Advanced SIMD three same, floating point, in its two layouts:
 *   fp32/fp64  0 Q U 01110 a sz 1 Rm opcode(5) 1 Rn Rd
 *   fp16       0 Q U 01110 a 10 Rm 00 opcode(3) 1 Rn Rd
 * FMLA/FMLS (U=0, a picks), FADD/FSUB (U=0) and FMUL (U=1, a=0). */
struct three_same_layout {
  uint32_t mask, value, opcode_width, fma, fadd, fmul;
  int fp16;
};

static const struct three_same_layout three_same_layouts[] = {
    {0x9F200400u, 0x0E200400u, 5, 0x19, 0x1A, 0x1B, 0},
    {0x9F60C400u, 0x0E400400u, 3, 0x1, 0x2, 0x3, 1},
};

static int three_same_fp(uint32_t w, struct insn_info *info) {
  for (unsigned i = 0; i < 2; i++) {
    const struct three_same_layout *f = &three_same_layouts[i];
    if ((w & f->mask) != f->value)
      continue;
    uint32_t u = BIT(w, 29), a = BIT(w, 23);
    uint32_t opcode = FIELD(w, 11, f->opcode_width);
    uint8_t n = lanes(BIT(w, 30), f->fp16 ? 16 : BIT(w, 22) ? 64 : 32);
    if (!u && opcode == f->fma) {
      info->cls = CLASS_FMA_VEC;
      info->lanes = n;
    } else if (!u && opcode == f->fadd) {
      info->fadd_vec = 1;
    } else if (u && !a && opcode == f->fmul) {
      info->fmul_vec = 1;
      info->lanes = n;
    }
    return 1;
  }
  return 0;
}

/* Vector by element: 0 Q U 01111 size L M Rm opc H 0 Rn Rd. Scalar by
 * element is the same with bits 31:30 = 01 and bit 28 = 1. */
static int by_element(uint32_t w, struct insn_info *info) {
  int vector = (w & 0x9F000400u) == 0x0F000000u;
  int scalar = (w & 0xDF000400u) == 0x5F000000u;
  if (!vector && !scalar)
    return 0;
  uint32_t u = BIT(w, 29), size = FIELD(w, 22, 2), opcode = FIELD(w, 12, 4);
  if (u || size == 1) /* no fp multiply by element has U=1 except FMULX */
    return 1;
  unsigned element_bits = size == 0 ? 16 : size == 2 ? 32 : 64;
  uint8_t n = lanes(BIT(w, 30), element_bits);
  if (opcode == 0x1 || opcode == 0x5) { /* FMLA, FMLS (by element) */
    info->cls = vector ? CLASS_FMA_VEC : CLASS_FMA_SCALAR;
    info->lanes = vector ? n : 0;
  } else if (opcode == 0x9 && vector) { /* FMUL (by element) */
    info->fmul_vec = 1;
    info->lanes = n;
  }
  return 1;
}

/* SIMD&FP data processing: op0 = x111. */
static struct insn_info simd_fp(uint32_t w) {
  struct insn_info info = make(CLASS_SIMD_OTHER);
  if ((w & 0xFF000000u) == 0x1F000000u) { /* FMADD, FMSUB, FNMADD, FNMSUB */
    info.cls = CLASS_FMA_SCALAR;
    return info;
  }
  if (three_same_fp(w, &info))
    return info;
  by_element(w, &info);
  return info;
}

/* SVE: op0 = 0010. glibc picks SVE string functions when the CPU has SVE,
 * as QEMU's default CPU does. Bits 31:29 = 100..110 are loads, 111 stores. */
static struct insn_info sve(uint32_t w) {
  uint32_t top = FIELD(w, 29, 3);
  if (top < 4)
    return make(CLASS_SIMD_OTHER);
  struct insn_info info = make(top == 7 ? CLASS_STORE : CLASS_LOAD);
  info.simd_mem = 1;
  return info;
}

struct insn_info classify_a64(uint32_t w) {
  if ((w & 0x1E000000u) == 0x04000000u)
    return sve(w);
  if ((w & 0x0A000000u) == 0x08000000u)
    return memory(w);
  if ((w & 0x0E000000u) == 0x0E000000u)
    return simd_fp(w);
  return make(CLASS_OTHER);
}
