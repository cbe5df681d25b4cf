/* classify_check.c - feeds assembled instructions to armcount's classifiers
 * and compares with the expected class. Reads lines from stdin:
 *   ISA HEX CLASS [lanes=N] [simd] [fmul] [fadd] # source text
 * ISA is a64, a32 or t32; for t32, 4 hex digits are a 16-bit instruction and
 * 8 digits the two halfwords of a 32-bit one, first halfword first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../insn_class.h"

static struct insn_info classify(const char *isa, const char *hex) {
  unsigned long value = strtoul(hex, NULL, 16);
  if (strcmp(isa, "a64") == 0)
    return classify_a64((uint32_t)value);
  if (strcmp(isa, "a32") == 0)
    return classify_a32((uint32_t)value);
  if (strlen(hex) == 4)
    return classify_t16((uint16_t)value);
  return classify_t32((uint16_t)(value >> 16), (uint16_t)value);
}

/* The expectation written the way the .s files write it. */
static void describe(struct insn_info info, char *text, size_t size) {
  snprintf(text, size, "%s", insn_class_names[info.cls]);
  if (info.lanes)
    snprintf(text + strlen(text), size - strlen(text), " lanes=%u",
             (unsigned)info.lanes);
  if (info.simd_mem)
    strncat(text, " simd", size - strlen(text) - 1);
  if (info.fmul_vec)
    strncat(text, " fmul", size - strlen(text) - 1);
  if (info.fadd_vec)
    strncat(text, " fadd", size - strlen(text) - 1);
}

int main(void) {
  char line[512], isa[8], hex[16];
  int passed = 0, failed = 0;
  while (fgets(line, sizeof line, stdin)) {
    int used;
    if (sscanf(line, "%7s %15s %n", isa, hex, &used) != 2)
      continue;
    char *expected = line + used, *source = strchr(expected, '#');
    if (source)
      *source++ = 0;
    expected[strcspn(expected, "\n")] = 0;
    while (*expected && expected[strlen(expected) - 1] == ' ')
      expected[strlen(expected) - 1] = 0;
    char got[128];
    describe(classify(isa, hex), got, sizeof got);
    if (strcmp(got, expected) == 0) {
      passed++;
    } else {
      failed++;
      printf("FAIL %s %s: got '%s', expected '%s' #%s", isa, hex, got,
             expected, source ? source : "\n");
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
