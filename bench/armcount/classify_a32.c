/* classify_a32.c - sorts ARMv7 ARM-state (A32) instruction words into
 * armcount's classes.
 *
 * Follows the A32 decode of the ARMv7-A Architecture Reference Manual
 * (A5.1): cond = 1111 holds Advanced SIMD data processing and element or
 * structure loads/stores; otherwise op1 = bits 27:25 picks data processing,
 * single loads/stores, load/store multiple, branches or coprocessor space,
 * where coprocessors 10 and 11 are VFP and the extension-register transfers.
 * Thumb-state decoding (classify_t32.c) reuses the SIMD and VFP parts.
 */
#include "insn_class.h"

#define BIT(word, n) (((word) >> (n)) & 1u)
#define FIELD(word, lo, width) (((word) >> (lo)) & ((1u << (width)) - 1u))

static struct insn_info make(enum insn_class cls) {
  struct insn_info info = {cls, 0, 0, 0, 0};
  return info;
}

static struct insn_info transfer(int load, int simd) {
  struct insn_info info = make(load ? CLASS_LOAD : CLASS_STORE);
  info.simd_mem = (uint8_t)simd;
  return info;
}

/* fp lanes in a D (64-bit) or Q (128-bit) register; sz=1 means fp16. */
static uint8_t fp_lanes(uint32_t q, uint32_t half) {
  return (uint8_t)((q ? 4u : 2u) << half);
}

/* Advanced SIMD data processing, A32 form 1111 001U ... */
static struct insn_info neon_data(uint32_t w) {
  struct insn_info info = make(CLASS_SIMD_OTHER);
  uint32_t u = BIT(w, 24), opc = FIELD(w, 8, 4), b = BIT(w, 4);
  if (!BIT(w, 23)) { /* three registers of the same length; Q = bit 6 */
    uint8_t n = fp_lanes(BIT(w, 6), BIT(w, 20));
    if (!u && b && (opc == 0xC || opc == 0xD)) { /* VFMA/VFMS, VMLA/VMLS */
      info.cls = CLASS_FMA_VEC;
      info.lanes = n;
    } else if (u && b && opc == 0xD && !BIT(w, 21)) { /* VMUL.F32 */
      info.fmul_vec = 1;
      info.lanes = n;
    } else if (!u && !b && opc == 0xD) { /* VADD.F32, VSUB.F32 */
      info.fadd_vec = 1;
    }
    return info;
  }
  /* two registers and a scalar: bits 21:20 != 11, bit 6 = 1, bit 4 = 0;
   * here U (bit 24) is Q and size 10 is fp32, 01 fp16 */
  uint32_t size = FIELD(w, 20, 2);
  if (size == 3 || !BIT(w, 6) || b)
    return info;
  uint8_t n = fp_lanes(u, size == 1);
  if (opc == 0x1 || opc == 0x5) { /* VMLA/VMLS.F32 by scalar */
    info.cls = CLASS_FMA_VEC;
    info.lanes = n;
  } else if (opc == 0x9) { /* VMUL.F32 by scalar */
    info.fmul_vec = 1;
    info.lanes = n;
  }
  return info;
}

/* VFP data processing (coprocessor 10/11, bit 4 = 0): opc1 = bits 23,21:20. */
static struct insn_info vfp_data(uint32_t w) {
  uint32_t opc1 = (BIT(w, 23) << 2) | FIELD(w, 20, 2);
  /* 000 VMLA/VMLS, 001 VNMLA/VNMLS, 101 VFNMA/VFNMS, 110 VFMA/VFMS */
  int mac = opc1 == 0 || opc1 == 1 || opc1 == 5 || opc1 == 6;
  return make(mac ? CLASS_FMA_SCALAR : CLASS_SIMD_OTHER);
}

/* The unconditional space, cond = 1111. */
static struct insn_info unconditional(uint32_t w) {
  if ((w & 0xFE000000u) == 0xF2000000u)
    return neon_data(w);
  if ((w & 0xFF100000u) == 0xF4000000u) /* VLDn/VSTn: L = bit 21 */
    return transfer(BIT(w, 21), 1);
  /* PLD/PLDW (0101 .R01, 0111 .R01) and PLI (0100 .101, 0110 .101): memory
   * hints, counted as loads like A64's PRFM */
  if ((w & 0xFD300000u) == 0xF5100000u || (w & 0xFD700000u) == 0xF4500000u)
    return transfer(1, 0);
  return make(CLASS_OTHER);
}

/* op1 = 000: data processing, multiplies, synchronization, extra loads. */
static struct insn_info data_or_extra_memory(uint32_t w) {
  if ((w & 0x90u) != 0x90u) /* bits 7 and 4 both set mark the odd ones */
    return make(CLASS_OTHER);
  uint32_t op2 = FIELD(w, 5, 2), l = BIT(w, 20);
  if (op2 == 0) {
    if ((w & 0x0FB000F0u) == 0x01000090u) /* SWP, SWPB: read + write */
      return transfer(1, 0);
    if ((w & 0x0F8000F0u) == 0x01800090u) /* LDREX*, STREX* */
      return transfer(l, 0);
    return make(CLASS_OTHER); /* multiplies */
  }
  /* LDRH/STRH (op2 01), LDRD/LDRSB (10), STRD/LDRSH (11) */
  return transfer(l || op2 == 2, 0);
}

/* op1 = 110: coprocessor loads/stores and 64-bit register transfers. */
static struct insn_info coprocessor_memory(uint32_t w) {
  if ((FIELD(w, 8, 4) & 0xE) != 0xA)
    return make(CLASS_OTHER);
  if ((w & 0x0FE00000u) == 0x0C400000u) /* VMOV two core <-> extension */
    return make(CLASS_SIMD_OTHER);
  return transfer(BIT(w, 20), 1); /* VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP */
}

/* op1 = 111: supervisor call, coprocessor data and register transfers. */
static struct insn_info coprocessor_data(uint32_t w) {
  if (BIT(w, 24) || (FIELD(w, 8, 4) & 0xE) != 0xA)
    return make(CLASS_OTHER); /* SVC, MRC/MCR to other coprocessors */
  if (BIT(w, 4)) /* VMOV core <-> scalar, VMRS/VMSR */
    return make(CLASS_SIMD_OTHER);
  return vfp_data(w);
}

struct insn_info classify_a32(uint32_t w) {
  if (FIELD(w, 28, 4) == 0xF)
    return unconditional(w);
  switch (FIELD(w, 25, 3)) {
  case 0:
    return data_or_extra_memory(w);
  case 2: /* LDR/STR/LDRB/STRB, immediate offset */
    return transfer(BIT(w, 20), 0);
  case 3: /* the same with a register offset; bit 4 = 1 is media */
    return BIT(w, 4) ? make(CLASS_OTHER) : transfer(BIT(w, 20), 0);
  case 4: /* LDM/STM, PUSH/POP */
    return transfer(BIT(w, 20), 0);
  case 6:
    return coprocessor_memory(w);
  case 7:
    return coprocessor_data(w);
  default: /* 001 data processing immediate, 101 branches */
    return make(CLASS_OTHER);
  }
}
