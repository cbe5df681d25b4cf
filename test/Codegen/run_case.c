/* Runs a compiled test network (NAME "net", header net.h) on CASE/input.bin
 * and compares with PyTorch's CASE/expected.bin: relative L-inf error
 * max|got - want| / max|want| must be <= tolerance (default 1e-4).
 * Runs twice: with a 64-byte aligned scratch buffer and with one that is
 * not aligned at all (NAME_run aligns it itself).
 * usage: run_case CASE_DIR [tolerance] */
#define _POSIX_C_SOURCE 200112L
#include "net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load(const char *dir, const char *file, float *dst, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 0;
  }
  size_t got = fread(dst, sizeof(float), n, f);
  fclose(f);
  if (got != n) {
    fprintf(stderr, "%s: %zu floats, expected %zu\n", path, got, n);
    return 0;
  }
  return 1;
}

static double relerr(const float *got, const float *want, size_t n) {
  double maxd = 0, maxw = 0;
  for (size_t i = 0; i < n; i++) {
    double d = fabs((double)got[i] - want[i]);
    if (!(d <= maxd)) /* catches NaN */
      maxd = d;
    if (fabs(want[i]) > maxw)
      maxw = fabs(want[i]);
  }
  return maxd / (maxw > 0 ? maxw : 1);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: run_case CASE_DIR [tolerance]\n");
    return 2;
  }
  double tol = argc > 2 ? atof(argv[2]) : 1e-4;
  float *in = malloc(sizeof(float) * net_INPUT_SIZE);
  float *want = malloc(sizeof(float) * net_OUTPUT_SIZE);
  float *got = malloc(sizeof(float) * net_OUTPUT_SIZE);
  void *scratch = NULL;
  if (posix_memalign(&scratch, 64, net_SCRATCH_BYTES + 1))
    return 2;
  if (!load(argv[1], "input.bin", in, net_INPUT_SIZE) ||
      !load(argv[1], "expected.bin", want, net_OUTPUT_SIZE))
    return 2;
  double worst = 0;
  for (int pass = 0; pass < 2; pass++) {
    memset(got, 0xff, sizeof(float) * net_OUTPUT_SIZE); /* NaN fill */
    int rc = net_run(in, got, (char *)scratch + pass);
    if (rc) {
      printf("FAIL %s: net_run returned %d\n", argv[1], rc);
      return 1;
    }
    double e = relerr(got, want, net_OUTPUT_SIZE);
    if (!(e <= worst))
      worst = e;
  }
  int ok = worst <= tol;
  printf("%s %s: rel L-inf error %.3g (tolerance %.1g, %d outputs, scratch %d "
         "bytes)\n",
         ok ? "PASS" : "FAIL", argv[1], worst, tol, (int)net_OUTPUT_SIZE,
         (int)net_SCRATCH_BYTES);
  return ok ? 0 : 1;
}
