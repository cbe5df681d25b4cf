/* tally.h - a row of instruction counters: the classes, which sum to the
 * total, then refinements that do not.
 */
#ifndef ARMCOUNT_TALLY_H
#define ARMCOUNT_TALLY_H

#include <stdint.h>
#include <stdio.h>

#include "insn_class.h"

enum counter {
  /* 0 .. CLASS_COUNT-1 are the classes of enum insn_class */
  COUNTER_FMA_LANES = CLASS_COUNT, /* MACs done by vector FMA instructions */
  COUNTER_LOAD_SIMD,               /* loads into SIMD&FP registers */
  COUNTER_STORE_SIMD,              /* stores from SIMD&FP registers */
  COUNTER_FMUL_VEC,                /* vector fp multiplies */
  COUNTER_FMUL_LANES,              /* their lanes */
  COUNTER_FADD_VEC,                /* vector fp adds and subtracts */
  COUNTER_COUNT
};

struct tally {
  uint64_t n[COUNTER_COUNT];
};

/* Adds one instruction, executed `times` times. */
void tally_add_insn(struct tally *tally, struct insn_info info, uint64_t times);

/* Adds `times` copies of another row. */
void tally_add(struct tally *into, const struct tally *row, uint64_t times);

/* The sum of the classes: every instruction counted. */
uint64_t tally_total(const struct tally *tally);

/* Writes "name value" lines: total, the classes, the refinements. */
void tally_print(FILE *out, const struct tally *tally);

#endif
