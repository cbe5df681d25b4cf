/* tb_report.h - what armcount keeps per translated block, and the report
 * it makes from them at exit.
 *
 * A record holds the static counts of one translation, split by function
 * (a TB can run from one function into the next), and a counter that the
 * guest code itself increments each time the TB runs.
 */
#ifndef ARMCOUNT_TB_REPORT_H
#define ARMCOUNT_TB_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "symbol_map.h"
#include "tally.h"

struct tb_piece {
  int function; /* index in the symbol map, -1 unknown */
  struct tally counts;
};

struct tb_record {
  uint64_t executions; /* incremented by the translated code */
  struct tb_record *next;
  size_t n_pieces;
  struct tb_piece pieces[];
};

struct tb_list {
  struct tb_record *head;
};

/* A record with room for one piece per instruction. */
struct tb_record *tb_record_new(size_t n_insns);

/* Appends one instruction, opening a new piece when the function changes. */
void tb_record_add(struct tb_record *record, int function,
                   struct insn_info info);

void tb_list_push(struct tb_list *list, struct tb_record *record);

/* Writes the totals, "tbs N" (TB executions) and, if top != 0 and there are
 * symbols, "fn TOTAL FMA_VEC FMA_LANES LOADS STORES NAME" lines, most
 * instructions first (top < 0: all of them). */
void tb_report_print(FILE *out, const struct tb_list *list,
                     const struct symbol_map *symbols, long top);

#endif
