/* tb_report.c - per-TB records and the exit report. */
#include "tb_report.h"

#include <inttypes.h>
#include <stdlib.h>

struct tb_record *tb_record_new(size_t n_insns) {
  struct tb_record *record =
      calloc(1, sizeof *record + n_insns * sizeof record->pieces[0]);
  if (!record)
    abort();
  return record;
}

void tb_record_add(struct tb_record *record, int function,
                   struct insn_info info) {
  struct tb_piece *last =
      record->n_pieces ? &record->pieces[record->n_pieces - 1] : NULL;
  if (!last || last->function != function) {
    last = &record->pieces[record->n_pieces++];
    last->function = function;
  }
  tally_add_insn(&last->counts, info, 1);
}

void tb_list_push(struct tb_list *list, struct tb_record *record) {
  record->next = list->head;
  list->head = record;
}

/* Sorting function indices by their totals, largest first. */
static const struct tally *sort_rows;

static int by_total_descending(const void *a, const void *b) {
  uint64_t x = tally_total(&sort_rows[*(const int *)a]);
  uint64_t y = tally_total(&sort_rows[*(const int *)b]);
  return (x < y) - (x > y);
}

static void print_functions(FILE *out, const struct tb_list *list,
                            const struct symbol_map *symbols, long top) {
  size_t n = symbol_map_function_count(symbols);
  struct tally *rows = calloc(n + 1, sizeof *rows); /* rows[n]: unknown */
  int *order = malloc((n + 1) * sizeof *order);
  for (const struct tb_record *r = list->head; r; r = r->next)
    for (size_t i = 0; i < r->n_pieces; i++) {
      int f = r->pieces[i].function;
      tally_add(&rows[f < 0 ? n : (size_t)f], &r->pieces[i].counts,
                r->executions);
    }
  for (size_t i = 0; i <= n; i++)
    order[i] = (int)i;
  sort_rows = rows;
  qsort(order, n + 1, sizeof *order, by_total_descending);
  for (size_t k = 0; k <= n && (top < 0 || (long)k < top); k++) {
    const struct tally *row = &rows[order[k]];
    if (tally_total(row) == 0)
      break;
    fprintf(out, "fn %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                 " %" PRIu64 " %s\n",
            tally_total(row), row->n[CLASS_FMA_VEC],
            row->n[COUNTER_FMA_LANES], row->n[CLASS_LOAD], row->n[CLASS_STORE],
            (size_t)order[k] == n ? "?" : symbol_map_name(symbols, order[k]));
  }
  free(order);
  free(rows);
}

void tb_report_print(FILE *out, const struct tb_list *list,
                     const struct symbol_map *symbols, long top) {
  struct tally totals = {{0}};
  uint64_t tb_executions = 0;
  for (const struct tb_record *r = list->head; r; r = r->next) {
    tb_executions += r->executions;
    for (size_t i = 0; i < r->n_pieces; i++)
      tally_add(&totals, &r->pieces[i].counts, r->executions);
  }
  tally_print(out, &totals);
  fprintf(out, "tbs %" PRIu64 "\n", tb_executions);
  if (symbols && top != 0)
    print_functions(out, list, symbols, top);
}
