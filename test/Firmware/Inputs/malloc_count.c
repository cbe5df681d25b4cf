/* malloc_count.c - how often NAME_run touches the heap.
 *
 * Every allocation function of the C library is wrapped at link time
 * (-Wl,--wrap=malloc,--wrap=free,--wrap=calloc,--wrap=realloc,
 * --wrap=posix_memalign,--wrap=aligned_alloc,--wrap=memalign), so calls
 * from the library are counted whatever it links.
 *   malloc_count INPUT.f32
 * Checks: with a scratch buffer, no call allocates or frees (after one
 * warm-up call, which may start a --threads pool); with scratch = NULL the
 * call returns NAME_ERROR_NULL_SCRATCH, again without allocating.
 */
#include <stddef.h>

#include "harness.h"
#include "model.h"

static int counting;
static long allocations, frees;

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void __real_free(void *);
int __real_posix_memalign(void **, size_t, size_t);
void *__real_aligned_alloc(size_t, size_t);
void *__real_memalign(size_t, size_t);

static void count_allocation(void) {
  if (counting)
    allocations++;
}
void *__wrap_malloc(size_t n) {
  count_allocation();
  return __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t m) {
  count_allocation();
  return __real_calloc(n, m);
}
void *__wrap_realloc(void *p, size_t n) {
  count_allocation();
  return __real_realloc(p, n);
}
int __wrap_posix_memalign(void **p, size_t a, size_t n) {
  count_allocation();
  return __real_posix_memalign(p, a, n);
}
void *__wrap_aligned_alloc(size_t a, size_t n) {
  count_allocation();
  return __real_aligned_alloc(a, n);
}
void *__wrap_memalign(size_t a, size_t n) {
  count_allocation();
  return __real_memalign(a, n);
}
void __wrap_free(void *p) {
  if (counting && p)
    frees++;
  __real_free(p);
}

static float input[INPUT_SIZE], output[OUTPUT_SIZE];
static unsigned char scratch[SCRATCH_BYTES];

int main(int argc, char **argv) {
  if (argc != 2)
    return fprintf(stderr, "usage: %s INPUT.f32\n", argv[0]), 2;
  read_floats(argv[1], input, INPUT_SIZE);
  int warmup = RUN(input, output, scratch);
  CHECK(warmup == 0, "warm-up call returns 0 (got %d)", warmup);

  const int calls = 5;
  int status = 0;
  counting = 1;
  for (int i = 0; i < calls; i++)
    status |= RUN(input, output, scratch);
  counting = 0;
  CHECK(status == 0 && allocations == 0 && frees == 0,
        "with scratch: %ld allocations and %ld frees in %d calls", allocations,
        frees, calls);

  allocations = frees = 0;
  counting = 1;
  status = RUN(input, output, NULL);
  counting = 0;
  CHECK(status == CODE(ERROR_NULL_SCRATCH) && allocations == 0 && frees == 0,
        "scratch = NULL: status %d (expected %d), %ld allocations", status,
        CODE(ERROR_NULL_SCRATCH), allocations);
  return finish();
}
