/* fma_peak.c - the single-thread fp32 FMA rate of this CPU: the ceiling the
 * benchmark's "% of peak" refers to. Twelve independent 8-wide FMA chains
 * (enough to cover the FMA latency on two pipes) kept in registers.
 *   cc -O2 -mavx2 -mfma bench/fma_peak.c -o fma_peak && ./fma_peak
 * Prints the best of several runs in G FMA/s. */
#define _POSIX_C_SOURCE 199309L
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(void) {
  const long iterations = 100000000;
  double best = 0;
  float sink = 0;
  for (int run = 0; run < 5; ++run) {
    __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    /* Named variables, not an array, so the compiler keeps them in ymm
       registers instead of reloading them from the stack every step. */
    /* Distinct starting values, or the compiler merges identical chains. */
    volatile float seed = 0.5f;
#define START(k) _mm256_set1_ps(seed + (float)(k))
    __m256 c0 = START(0), c1 = START(1), c2 = START(2), c3 = START(3),
           c4 = START(4), c5 = START(5), c6 = START(6), c7 = START(7),
           c8 = START(8), c9 = START(9), c10 = START(10), c11 = START(11);
#undef START
    double start = seconds();
    for (long n = 0; n < iterations; ++n) {
#define STEP(c) c = _mm256_fmadd_ps(c, a, b)
      STEP(c0); STEP(c1); STEP(c2); STEP(c3); STEP(c4); STEP(c5);
      STEP(c6); STEP(c7); STEP(c8); STEP(c9); STEP(c10); STEP(c11);
#undef STEP
    }
    double elapsed = seconds() - start;
    __m256 all = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0, c1), _mm256_add_ps(c2, c3)),
                               _mm256_add_ps(_mm256_add_ps(c4, c5), _mm256_add_ps(c6, c7)));
    all = _mm256_add_ps(all, _mm256_add_ps(_mm256_add_ps(c8, c9), _mm256_add_ps(c10, c11)));
    sink += _mm256_cvtss_f32(all);
    double rate = iterations * 12.0 * 8.0 / elapsed * 1e-9;
    if (rate > best)
      best = rate;
  }
  printf("%.1f\n", best);
  return sink == 12345.0f; /* keep the chains alive */
}
