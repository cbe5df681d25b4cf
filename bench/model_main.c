/* model_main.c - the small program a compiled model links into.
 *
 * Build it against any library mnv3c compiled, naming the model at compile
 * time (the generated header's prefix):
 *   cc -O2 -std=c99 -DMODEL=mobilenet_v3_large -I OUT bench/model_main.c \
 *      OUT/mobilenet_v3_large.a -lpthread -lm -o model
 * Usage:
 *   model INPUT.f32 OUTPUT.f32           run once: raw f32 NCHW in, logits out
 *   model INPUT.f32 OUTPUT.f32 ITERS     then time ITERS more runs, print
 *                                        median/p10/p90 latency in ms, and
 *                                        fail if any run's logits differ
 *                                        from the first run's
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

#define RUN CAT(MODEL, _run)
#define INPUT_SIZE CAT(MODEL, _INPUT_SIZE)
#define OUTPUT_SIZE CAT(MODEL, _OUTPUT_SIZE)
#define SCRATCH_BYTES CAT(MODEL, _SCRATCH_BYTES)

static float input[INPUT_SIZE], output[OUTPUT_SIZE], first[OUTPUT_SIZE];
static unsigned char scratch[SCRATCH_BYTES] __attribute__((aligned(64)));

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int io(const char *path, void *data, size_t count, int writing) {
  FILE *file = fopen(path, writing ? "wb" : "rb");
  size_t done = 0;
  if (file) {
    done = writing ? fwrite(data, sizeof(float), count, file)
                   : fread(data, sizeof(float), count, file);
    if (!writing && fgetc(file) != EOF)
      done = 0; /* the file is larger than the model's input */
    fclose(file);
  }
  if (done != count)
    fprintf(stderr, "%s: error: cannot %s %zu floats\n", path,
            writing ? "write" : "read", count);
  return done == count;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s INPUT.f32 OUTPUT.f32 [ITERS]\n", argv[0]);
    return 2;
  }
  if (!io(argv[1], input, INPUT_SIZE, 0))
    return 1;
  int status = RUN(input, output, scratch);
  if (status != 0) {
    fprintf(stderr, "error: %s_run returned %d\n", STR(MODEL), status);
    return 1;
  }
  if (!io(argv[2], output, OUTPUT_SIZE, 1))
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
