/* symbol_map.c - loading the runner's symbol file and address look-ups. */
#include "symbol_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct function {
  uint64_t start, size;
  char *name;
};

struct mapping {
  uint64_t start;
  char kind;
};

struct symbol_map {
  struct function *functions;
  size_t n_functions, functions_capacity;
  struct mapping *mappings;
  size_t n_mappings, mappings_capacity;
};

static void *grow(void *array, size_t *capacity, size_t element) {
  *capacity = *capacity ? *capacity * 2 : 256;
  void *bigger = realloc(array, *capacity * element);
  if (!bigger)
    abort();
  return bigger;
}

static int by_function_start(const void *a, const void *b) {
  const struct function *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

static int by_mapping_start(const void *a, const void *b) {
  const struct mapping *x = a, *y = b;
  return (x->start > y->start) - (x->start < y->start);
}

static void add_line(struct symbol_map *map, const char *line, int clear_bit0) {
  unsigned long long start, size;
  char name[1024], kind;
  if (sscanf(line, "F %llx %llu %1023s", &start, &size, name) == 3) {
    if (map->n_functions == map->functions_capacity)
      map->functions = grow(map->functions, &map->functions_capacity,
                            sizeof *map->functions);
    struct function *f = &map->functions[map->n_functions++];
    f->start = clear_bit0 ? start & ~1ull : start;
    f->size = size;
    f->name = strdup(name);
  } else if (sscanf(line, "M %llx %c", &start, &kind) == 2) {
    if (map->n_mappings == map->mappings_capacity)
      map->mappings = grow(map->mappings, &map->mappings_capacity,
                           sizeof *map->mappings);
    map->mappings[map->n_mappings].start = start;
    map->mappings[map->n_mappings++].kind = kind;
  }
}

struct symbol_map *symbol_map_load(const char *path, int clear_bit0) {
  FILE *file = fopen(path, "r");
  if (!file)
    return NULL;
  struct symbol_map *map = calloc(1, sizeof *map);
  char line[1200];
  while (fgets(line, sizeof line, file))
    add_line(map, line, clear_bit0);
  fclose(file);
  qsort(map->functions, map->n_functions, sizeof *map->functions,
        by_function_start);
  qsort(map->mappings, map->n_mappings, sizeof *map->mappings,
        by_mapping_start);
  return map;
}

/* Index of the last entry starting at or below `address`, or -1. Entries
 * are `stride` bytes apart and begin with their uint64_t start. */
static long last_at_or_below(const void *entries, size_t n, size_t stride,
                             uint64_t address) {
  long lo = 0, hi = (long)n - 1, found = -1;
  while (lo <= hi) {
    long mid = lo + (hi - lo) / 2;
    uint64_t start = *(const uint64_t *)((const char *)entries + mid * stride);
    if (start <= address) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

int symbol_map_function(const struct symbol_map *map, uint64_t address) {
  long i = last_at_or_below(map->functions, map->n_functions,
                            sizeof *map->functions, address);
  if (i < 0)
    return -1;
  const struct function *f = &map->functions[i];
  /* a sized symbol ends where it says; an unsized one at the next symbol */
  if (f->size && address >= f->start + f->size)
    return -1;
  return (int)i;
}

const char *symbol_map_name(const struct symbol_map *map, int function) {
  return map->functions[function].name;
}

size_t symbol_map_function_count(const struct symbol_map *map) {
  return map->n_functions;
}

char symbol_map_mode(const struct symbol_map *map, uint64_t address) {
  long i = last_at_or_below(map->mappings, map->n_mappings,
                            sizeof *map->mappings, address);
  return i < 0 ? 0 : map->mappings[i].kind;
}
