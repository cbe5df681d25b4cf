/* harness.h - what the hosted test programs here share: reading files and
 * counting checks. Each CHECK prints PASS or FAIL with its name; finish()
 * prints how many ran and fails when any failed or none ran. */
#ifndef TEST_FIRMWARE_HARNESS_H
#define TEST_FIRMWARE_HARNESS_H

#include <stdio.h>
#include <stdlib.h>

static int checks_run, checks_failed;

#define CHECK(cond, ...)                                                     \
  do {                                                                       \
    checks_run++;                                                            \
    if (cond) {                                                              \
      printf("PASS ");                                                       \
    } else {                                                                 \
      checks_failed++;                                                       \
      printf("FAIL ");                                                       \
    }                                                                        \
    printf(__VA_ARGS__);                                                     \
    printf("\n");                                                            \
  } while (0)

static int finish(void) {
  printf("%d checks, %d failed\n", checks_run, checks_failed);
  return checks_run == 0 || checks_failed != 0;
}

/* The whole file in a malloc'd buffer (NULL if it cannot be read). */
static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *data = malloc(n > 0 ? (size_t)n : 1);
  if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

/* Reads exactly `count` floats into `dst`; exits on any mismatch. */
static void read_floats(const char *path, float *dst, size_t count) {
  size_t size = 0;
  void *data = read_file(path, &size);
  if (!data || size != count * sizeof(float)) {
    fprintf(stderr, "%s: error: expected %zu floats\n", path, count);
    exit(2);
  }
  for (size_t i = 0; i < count; i++)
    dst[i] = ((float *)data)[i];
  free(data);
}

#endif
