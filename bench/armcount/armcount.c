/* armcount.c - a qemu-user TCG plugin that counts the guest instructions an
 * AArch64 or ARMv7 Linux program executes, by class (see insn_class.h).
 *
 * Cost model: each translated block (TB) is classified once, when QEMU
 * translates it, into a row of counts per function; one inline 64-bit add
 * per executed TB counts its executions. At exit, rows x executions give
 * the totals. A TB left half way (a fault inside it) would count whole;
 * the programs measured here do not fault.
 *
 * Options (-plugin armcount.so,key=value,...):
 *   out=FILE   write the report there instead of stderr
 *   syms=FILE  function names and ARM/Thumb ranges, as symbol_map.h says
 *   top=N      also print the N functions with most instructions (all: every
 *              function); needs syms=
 * Counters are plain adds: count single-threaded programs only.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn_class.h"
#include "qemu_plugin_api.h"
#include "symbol_map.h"
#include "tally.h"
#include "tb_report.h"

ARMCOUNT_PLUGIN_EXPORT int qemu_plugin_version = ARMCOUNT_PLUGIN_API_VERSION;

static struct {
  int arm32;                 /* target "arm" rather than "aarch64" */
  char *out_path;            /* NULL: stderr */
  struct symbol_map *symbols;
  long top;                  /* functions to list; -1 = all */
} settings;

static struct tb_list blocks;
static pthread_mutex_t blocks_lock = PTHREAD_MUTEX_INITIALIZER;

/* A TB is all one instruction set. Mapping symbols say which; without them,
 * a 2-byte instruction or a 2-aligned address can only be Thumb. */
static int tb_is_thumb(const struct qemu_plugin_tb *tb) {
  size_t n = qemu_plugin_tb_n_insns(tb);
  uint64_t start = qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, 0));
  char mode = settings.symbols ? symbol_map_mode(settings.symbols, start) : 0;
  if (mode == 't' || mode == 'a')
    return mode == 't';
  for (size_t i = 0; i < n; i++) {
    const struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    if (qemu_plugin_insn_size(insn) == 2 || (qemu_plugin_insn_vaddr(insn) & 2))
      return 1;
  }
  return 0;
}

static struct insn_info classify(const struct qemu_plugin_insn *insn,
                                 int thumb) {
  const unsigned char *bytes = qemu_plugin_insn_data(insn);
  uint16_t first = (uint16_t)(bytes[0] | bytes[1] << 8);
  if (thumb && qemu_plugin_insn_size(insn) == 2)
    return classify_t16(first);
  uint16_t second = (uint16_t)(bytes[2] | bytes[3] << 8);
  if (thumb)
    return classify_t32(first, second);
  uint32_t word = first | (uint32_t)second << 16;
  return settings.arm32 ? classify_a32(word) : classify_a64(word);
}

static int function_of(const struct qemu_plugin_insn *insn) {
  if (!settings.symbols || settings.top == 0)
    return -1;
  return symbol_map_function(settings.symbols, qemu_plugin_insn_vaddr(insn));
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  if (n == 0)
    return;
  int thumb = settings.arm32 && tb_is_thumb(tb);
  struct tb_record *record = tb_record_new(n);
  for (size_t i = 0; i < n; i++) {
    const struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    tb_record_add(record, function_of(insn), classify(insn, thumb));
  }
  pthread_mutex_lock(&blocks_lock);
  tb_list_push(&blocks, record);
  pthread_mutex_unlock(&blocks_lock);
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                           &record->executions, 1);
}

static void report_at_exit(qemu_plugin_id_t id, void *unused) {
  (void)id;
  (void)unused;
  FILE *out = settings.out_path ? fopen(settings.out_path, "w") : stderr;
  if (!out) {
    perror(settings.out_path);
    return;
  }
  fprintf(out, "arch %s\n", settings.arm32 ? "arm" : "aarch64");
  tb_report_print(out, &blocks, settings.symbols, settings.top);
  if (out != stderr)
    fclose(out);
}

static int parse_option(const char *option) {
  if (strncmp(option, "out=", 4) == 0) {
    settings.out_path = strdup(option + 4);
  } else if (strncmp(option, "syms=", 5) == 0) {
    settings.symbols = symbol_map_load(option + 5, settings.arm32);
    if (!settings.symbols) {
      fprintf(stderr, "armcount: cannot read %s\n", option + 5);
      return 0;
    }
  } else if (strncmp(option, "top=", 4) == 0) {
    settings.top = strcmp(option + 4, "all") == 0 ? -1 : atol(option + 4);
  } else {
    fprintf(stderr, "armcount: unknown option %s\n", option);
    return 0;
  }
  return 1;
}

ARMCOUNT_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                               const qemu_info_t *info,
                                               int argc, char **argv) {
  if (info->system_emulation || (strcmp(info->target_name, "aarch64") != 0 &&
                                 strcmp(info->target_name, "arm") != 0)) {
    fprintf(stderr, "armcount: needs qemu-aarch64 or qemu-arm (user mode)\n");
    return -1;
  }
  settings.arm32 = strcmp(info->target_name, "arm") == 0;
  for (int i = 0; i < argc; i++)
    if (!parse_option(argv[i]))
      return -1;
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, report_at_exit, NULL);
  return 0;
}
