/* model_main.c - the small program a compiled model links into.
 *
 * Build it against any library mnv3c compiled, naming the model at compile
 * time (the generated header's prefix):
 *   cc -O2 -std=c99 -DMODEL=mobilenet_v3_large -I OUT bench/model_main.c \
 *      OUT/mobilenet_v3_large.a -o model
 * (add -lpthread for a --threads N library, and -DEXTERNAL_WEIGHTS for an
 * --external-weights one).
 * Usage:
 *   model INPUT.f32 OUTPUT.f32           run once: raw input in (NAME_INPUT_TYPE
 *                                        elements: f32 NCHW by default, or a
 *                                        uint8 frame), logits out
 *   model INPUT.f32 OUTPUT.f32 ITERS     then time ITERS more runs, print
 *                                        median/p10/p90 latency in ms, and
 *                                        fail if any run's logits differ
 *                                        from the first run's
 *   model WEIGHTS INPUT.f32 OUTPUT.f32 [ITERS]   the same, -DEXTERNAL_WEIGHTS:
 *                                        loads NAME.weights and checks it
 *                                        once with NAME_check_weights
 * The input is read from a file so the same bytes feed every engine that is
 * compared; the scratch arena is static, so no run allocates.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STR2(x) #x
#define STR(x) STR2(x)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#include STR(MODEL.h)

#define RUN_NAME CAT(MODEL, _run)
#define ERROR_STRING CAT(MODEL, _error_string)
#define INPUT_TYPE CAT(MODEL, _INPUT_TYPE)
#define INPUT_SIZE CAT(MODEL, _INPUT_SIZE)
#define OUTPUT_SIZE CAT(MODEL, _OUTPUT_SIZE)
#define SCRATCH_BYTES CAT(MODEL, _SCRATCH_BYTES)

static INPUT_TYPE input[INPUT_SIZE];
static float output[OUTPUT_SIZE], first[OUTPUT_SIZE];
static unsigned char scratch[SCRATCH_BYTES] __attribute__((aligned(64)));

#ifdef EXTERNAL_WEIGHTS
#define CHECK_WEIGHTS CAT(MODEL, _check_weights)
#define WEIGHTS_BYTES CAT(MODEL, _WEIGHTS_BYTES)
static unsigned char weights[WEIGHTS_BYTES] __attribute__((aligned(64)));
#define RUN(in, out, s) RUN_NAME(in, out, s, weights)
#define WEIGHT_ARGS 1
#else
#define RUN(in, out, s) RUN_NAME(in, out, s)
#define WEIGHT_ARGS 0
#endif

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Reads or writes exactly `count` items of `size` bytes. */
static int io(const char *path, void *data, size_t size, size_t count,
              int writing) {
  FILE *file = fopen(path, writing ? "wb" : "rb");
  size_t done = 0;
  if (file) {
    done = writing ? fwrite(data, size, count, file)
                   : fread(data, size, count, file);
    if (!writing && fgetc(file) != EOF)
      done = 0; /* the file is larger than expected */
    fclose(file);
  }
  if (done != count)
    fprintf(stderr, "%s: error: cannot %s %zu items of %zu bytes\n", path,
            writing ? "write" : "read", count, size);
  return done == count;
}

int main(int argc, char **argv) {
  if (argc < 3 + WEIGHT_ARGS || argc > 4 + WEIGHT_ARGS) {
    fprintf(stderr, "usage: %s %sINPUT.f32 OUTPUT.f32 [ITERS]\n", argv[0],
            WEIGHT_ARGS ? "WEIGHTS " : "");
    return 2;
  }
#ifdef EXTERNAL_WEIGHTS
  if (!io(argv[1], weights, 1, sizeof weights, 0))
    return 1;
  int checked = CHECK_WEIGHTS(weights, sizeof weights);
  if (checked != 0) {
    fprintf(stderr, "%s: error: %s\n", argv[1], ERROR_STRING(checked));
    return 1;
  }
  argv++, argc--;
#endif
  if (!io(argv[1], input, sizeof input[0], INPUT_SIZE, 0))
    return 1;
  int status = RUN(input, output, scratch);
  if (status != 0) {
    fprintf(stderr, "error: %s_run returned %d: %s\n", STR(MODEL), status,
            ERROR_STRING(status));
    return 1;
  }
  if (!io(argv[2], output, sizeof(float), OUTPUT_SIZE, 1))
    return 1;
  int iters = argc == 4 ? atoi(argv[3]) : 0;
  if (iters <= 0)
    return 0;
  memcpy(first, output, sizeof(first));
  double *times = malloc(sizeof(double) * iters);
  for (int i = 0; i < iters; ++i) {
    double start = now_ms();
    RUN(input, output, scratch);
    times[i] = now_ms() - start;
  }
  if (memcmp(first, output, sizeof(first)) != 0) {
    fprintf(stderr, "error: repeated runs gave different logits\n");
    return 1;
  }
  qsort(times, iters, sizeof(double), compare);
  printf("%s: median %.3f ms  p10 %.3f  p90 %.3f  min %.3f  (%d runs)\n",
         STR(MODEL), times[iters / 2], times[iters / 10],
         times[(iters * 9) / 10], times[0], iters);
  free(times);
  return 0;
}
