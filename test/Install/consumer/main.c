/* consumer INPUT.f32 EXPECTED.f32: runs the model once and compares its
 * output with EXPECTED (relative L-inf); prints the error, exits 1 above
 * 1e-4. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define STR2(x) #x
#define STR(x) STR2(x)
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#include STR(MODEL.h)

static int read_floats(const char *path, float *data, size_t count) {
  FILE *f = fopen(path, "rb");
  size_t got = f ? fread(data, sizeof(float), count, f) : 0;
  if (f)
    fclose(f);
  return got == count;
}

int main(int argc, char **argv) {
  static float input[CAT(MODEL, _INPUT_SIZE)], output[CAT(MODEL, _OUTPUT_SIZE)],
      expected[CAT(MODEL, _OUTPUT_SIZE)];
  static unsigned char scratch[CAT(MODEL, _SCRATCH_BYTES)];
  if (argc != 3 || !read_floats(argv[1], input, CAT(MODEL, _INPUT_SIZE)) ||
      !read_floats(argv[2], expected, CAT(MODEL, _OUTPUT_SIZE))) {
    fprintf(stderr, "usage: consumer INPUT.f32 EXPECTED.f32\n");
    return 2;
  }
  int status = CAT(MODEL, _run)(input, output, scratch);
  if (status) {
    fprintf(stderr, "consumer: %s\n", CAT(MODEL, _error_string)(status));
    return 1;
  }
  double worst = 0, largest = 0;
  for (int i = 0; i < CAT(MODEL, _OUTPUT_SIZE); i++) {
    worst = fmax(worst, fabs((double)output[i] - expected[i]));
    largest = fmax(largest, fabs((double)expected[i]));
  }
  printf("%s %s: %d outputs, relative L-inf %.3g\n", STR(MODEL),
         CAT(MODEL, _MNV3C_VERSION), CAT(MODEL, _OUTPUT_SIZE), worst / largest);
  return worst / largest <= 1e-4 ? 0 : 1;
}
