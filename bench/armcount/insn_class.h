/* insn_class.h - what one guest instruction counts as.
 *
 * Every instruction falls in exactly one class, so the classes sum to the
 * total. The extra flags refine a class without taking part in that sum.
 */
#ifndef ARMCOUNT_INSN_CLASS_H
#define ARMCOUNT_INSN_CLASS_H

#include <stdint.h>

enum insn_class {
  CLASS_FMA_VEC,    /* vector floating-point multiply-accumulate */
  CLASS_FMA_SCALAR, /* scalar floating-point multiply-accumulate */
  CLASS_SIMD_OTHER, /* any other SIMD or floating-point instruction */
  CLASS_LOAD,       /* reads memory (general or SIMD&FP registers) */
  CLASS_STORE,      /* writes memory */
  CLASS_OTHER,      /* integer, branches, system */
  CLASS_COUNT
};

struct insn_info {
  enum insn_class cls;
  uint8_t lanes;     /* arithmetic lanes of a vector fma/fmul, else 0 */
  uint8_t simd_mem;  /* a load or store of SIMD&FP registers */
  uint8_t fmul_vec;  /* vector fp multiply (half of a split MAC) */
  uint8_t fadd_vec;  /* vector fp add or subtract (the other half) */
};

/* AArch64 (A64), one 32-bit instruction word. */
struct insn_info classify_a64(uint32_t word);

/* ARMv7 ARM state (A32), one 32-bit instruction word. */
struct insn_info classify_a32(uint32_t word);

/* ARMv7 Thumb state (T32): a 16-bit instruction, or the two halfwords of a
 * 32-bit one in memory order. */
struct insn_info classify_t16(uint16_t halfword);
struct insn_info classify_t32(uint16_t first, uint16_t second);

/* The class names as the report prints them, indexed by enum insn_class. */
extern const char *const insn_class_names[CLASS_COUNT];

#endif
