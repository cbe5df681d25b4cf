/* tally.c - adding up classified instructions and printing the sums. */
#include "tally.h"

#include <inttypes.h>

const char *const insn_class_names[CLASS_COUNT] = {
    "fma_vec", "fma_scalar", "simd_other", "load", "store", "other",
};

static const char *const refinement_names[COUNTER_COUNT - CLASS_COUNT] = {
    "fma_lanes", "load_simd", "store_simd", "fmul_vec", "fmul_lanes",
    "fadd_vec",
};

void tally_add_insn(struct tally *tally, struct insn_info info,
                    uint64_t times) {
  tally->n[info.cls] += times;
  if (info.cls == CLASS_FMA_VEC)
    tally->n[COUNTER_FMA_LANES] += times * info.lanes;
  if (info.simd_mem && info.cls == CLASS_LOAD)
    tally->n[COUNTER_LOAD_SIMD] += times;
  if (info.simd_mem && info.cls == CLASS_STORE)
    tally->n[COUNTER_STORE_SIMD] += times;
  if (info.fmul_vec) {
    tally->n[COUNTER_FMUL_VEC] += times;
    tally->n[COUNTER_FMUL_LANES] += times * info.lanes;
  }
  if (info.fadd_vec)
    tally->n[COUNTER_FADD_VEC] += times;
}

void tally_add(struct tally *into, const struct tally *row, uint64_t times) {
  for (int i = 0; i < COUNTER_COUNT; i++)
    into->n[i] += row->n[i] * times;
}

uint64_t tally_total(const struct tally *tally) {
  uint64_t total = 0;
  for (int i = 0; i < CLASS_COUNT; i++)
    total += tally->n[i];
  return total;
}

void tally_print(FILE *out, const struct tally *tally) {
  fprintf(out, "total %" PRIu64 "\n", tally_total(tally));
  for (int i = 0; i < CLASS_COUNT; i++)
    fprintf(out, "%s %" PRIu64 "\n", insn_class_names[i], tally->n[i]);
  for (int i = CLASS_COUNT; i < COUNTER_COUNT; i++)
    fprintf(out, "%s %" PRIu64 "\n", refinement_names[i - CLASS_COUNT],
            tally->n[i]);
}
