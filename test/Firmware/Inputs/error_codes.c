/* error_codes.c - every code NAME_run and NAME_check_weights return.
 *   error_codes INPUT.f32 [WEIGHTS OTHER_WEIGHTS]
 * Built with -DEXTERNAL_WEIGHTS for a --external-weights library, when
 * WEIGHTS is its NAME.weights and OTHER_WEIGHTS another model's blob.
 * Checks NULL arguments, a scratch buffer at every misalignment (same
 * output, bit for bit), NAME_error_string for every code, NAME_release,
 * and for external weights: the intact blob, a truncated one, one with a
 * flipped payload bit, one with a damaged header, and another model's.
 */
#include <string.h>

#include "harness.h"
#include "model.h"

static float input[INPUT_SIZE], output[OUTPUT_SIZE], reference[OUTPUT_SIZE];
static unsigned char scratch[SCRATCH_BYTES + 64];
#ifdef EXTERNAL_WEIGHTS
const void *weights;
#endif

static void check_arguments(void) {
  int status = RUN_MODEL(input, reference, scratch);
  CHECK(status == CODE(OK), "aligned scratch: status %d", status);
  status = RUN_MODEL(NULL, output, scratch);
  CHECK(status == CODE(ERROR_NULL_INPUT), "NULL input: status %d", status);
  status = RUN_MODEL(input, NULL, scratch);
  CHECK(status == CODE(ERROR_NULL_OUTPUT), "NULL output: status %d", status);
  status = RUN_MODEL(input, output, NULL);
  CHECK(status == CODE(ERROR_NULL_SCRATCH), "NULL scratch: status %d", status);
  int same = 1;
  for (int offset = 1; offset < 64; offset++) {
    memset(output, 0, sizeof output);
    status = RUN_MODEL(input, output, scratch + offset);
    same &= status == 0 && memcmp(output, reference, sizeof output) == 0;
  }
  CHECK(same, "scratch misaligned by 1..63 bytes: same output bit for bit");
  CHECK(RELEASE() == 0, "NAME_release returns 0");
}

static void check_error_strings(void) {
  const int codes[] = {CODE(OK),
                       CODE(ERROR_NULL_INPUT),
                       CODE(ERROR_NULL_OUTPUT),
                       CODE(ERROR_NULL_SCRATCH),
                       CODE(ERROR_NULL_WEIGHTS),
                       CODE(ERROR_WEIGHTS_SIZE),
                       CODE(ERROR_WEIGHTS_HEADER),
                       CODE(ERROR_WEIGHTS_CHECKSUM),
                       CODE(ERROR_INTERNAL)};
  int n = (int)(sizeof codes / sizeof codes[0]), distinct = 1;
  const char *unknown = ERROR_STRING(12345);
  for (int i = 0; i < n; i++) {
    const char *s = ERROR_STRING(codes[i]);
    distinct &= s && s[0] && strcmp(s, unknown) != 0;
    for (int j = 0; j < i; j++)
      distinct &= codes[i] != codes[j] && strcmp(s, ERROR_STRING(codes[j])) != 0;
  }
  CHECK(distinct, "%d codes, each with its own message; unknown: \"%s\"", n,
        unknown);
}

#ifdef EXTERNAL_WEIGHTS
static void check_weights_blobs(const char *path, const char *other_path) {
  size_t size = 0, other_size = 0;
  unsigned char *blob = read_file(path, &size);
  unsigned char *other = read_file(other_path, &other_size);
  if (!blob || !other)
    exit(2);
  CHECK(size == WEIGHTS_BYTES, "%s has NAME_WEIGHTS_BYTES = %zu bytes", path,
        size);
  CHECK(CHECK_WEIGHTS(blob, size) == CODE(OK), "intact blob accepted");
  CHECK(CHECK_WEIGHTS(NULL, size) == CODE(ERROR_NULL_WEIGHTS), "NULL blob");
  CHECK(CHECK_WEIGHTS(blob, size - 4096) == CODE(ERROR_WEIGHTS_SIZE),
        "truncated blob: %d", CHECK_WEIGHTS(blob, size - 4096));
  CHECK(CHECK_WEIGHTS(other, other_size) != CODE(OK),
        "another model's blob refused: %d", CHECK_WEIGHTS(other, other_size));

  weights = blob;
  int status = RUN_MODEL(input, reference, scratch);
  CHECK(status == CODE(OK), "run with the intact blob: %d", status);
  weights = NULL;
  status = RUN_MODEL(input, output, scratch);
  CHECK(status == CODE(ERROR_NULL_WEIGHTS), "run with NULL weights: %d",
        status);
  weights = other;
  status = RUN_MODEL(input, output, scratch);
  CHECK(status == CODE(ERROR_WEIGHTS_SIZE) ||
            status == CODE(ERROR_WEIGHTS_HEADER),
        "run with another model's blob refused: %d", status);

  /* One bit flipped in the middle of the payload. */
  blob[size / 2] ^= 0x10;
  status = CHECK_WEIGHTS(blob, size);
  CHECK(status == CODE(ERROR_WEIGHTS_CHECKSUM), "flipped payload bit: %d",
        status);
  blob[size / 2] ^= 0x10;
  /* The magic damaged. */
  blob[0] ^= 1;
  weights = blob;
  status = CHECK_WEIGHTS(blob, size);
  int run_status = RUN_MODEL(input, output, scratch);
  CHECK(status == CODE(ERROR_WEIGHTS_HEADER) &&
            run_status == CODE(ERROR_WEIGHTS_HEADER),
        "damaged header: check %d, run %d", status, run_status);
  blob[0] ^= 1;
  CHECK(CHECK_WEIGHTS(blob, size) == CODE(OK), "repaired blob accepted");
}
#endif

int main(int argc, char **argv) {
#ifdef EXTERNAL_WEIGHTS
  if (argc != 4)
    return fprintf(stderr, "usage: %s INPUT.f32 WEIGHTS OTHER\n", argv[0]), 2;
  size_t size;
  weights = read_file(argv[2], &size);
  if (!weights)
    return 2;
#else
  if (argc != 2)
    return fprintf(stderr, "usage: %s INPUT.f32\n", argv[0]), 2;
#endif
  read_floats(argv[1], input, INPUT_SIZE);
  check_arguments();
  check_error_strings();
#ifdef EXTERNAL_WEIGHTS
  check_weights_blobs(argv[2], argv[3]);
#endif
  return finish();
}
