// A64 instructions, each followed by the class armcount must give it:
// CLASS [lanes=N] [simd] [fmul] [fadd] after the word expect.
  .arch armv8.2-a+fp16+sve
  fmla v0.4s, v1.4s, v2.4s        // expect fma_vec lanes=4
  fmla v0.2s, v1.2s, v2.2s        // expect fma_vec lanes=2
  fmls v0.4s, v1.4s, v2.4s        // expect fma_vec lanes=4
  fmla v0.2d, v1.2d, v2.2d        // expect fma_vec lanes=2
  fmla v0.8h, v1.8h, v2.8h        // expect fma_vec lanes=8
  fmla v0.4s, v1.4s, v2.s[3]      // expect fma_vec lanes=4
  fmls v0.4s, v1.4s, v2.s[1]      // expect fma_vec lanes=4
  fmla v0.2s, v1.2s, v31.s[0]     // expect fma_vec lanes=2
  fmla v0.8h, v1.8h, v2.h[7]      // expect fma_vec lanes=8
  fmla s0, s1, v2.s[1]            // expect fma_scalar
  fmadd s0, s1, s2, s3            // expect fma_scalar
  fnmsub d0, d1, d2, d3           // expect fma_scalar
  fmul v0.4s, v1.4s, v2.4s        // expect simd_other lanes=4 fmul
  fmul v0.4s, v1.4s, v2.s[2]      // expect simd_other lanes=4 fmul
  fmul s0, s1, s2                 // expect simd_other
  fadd v0.4s, v1.4s, v2.4s        // expect simd_other fadd
  fsub v0.4s, v1.4s, v2.4s        // expect simd_other fadd
  faddp v0.4s, v1.4s, v2.4s       // expect simd_other
  fmax v0.4s, v1.4s, v2.4s        // expect simd_other
  mla v0.4s, v1.4s, v2.4s         // expect simd_other
  mla v0.4s, v1.4s, v2.s[1]       // expect simd_other
  dup v0.4s, v1.s[0]              // expect simd_other
  movi v0.4s, #0                  // expect simd_other
  fmov s0, w1                     // expect simd_other
  ldr q0, [x1]                    // expect load simd
  ldr q0, [x1, #16]!              // expect load simd
  ldur q0, [x1, #-16]             // expect load simd
  ldr s0, [x1, x2, lsl #2]        // expect load simd
  str q0, [x1], #16               // expect store simd
  stur s0, [x1, #4]               // expect store simd
  ldp q0, q1, [x1]                // expect load simd
  stp q0, q1, [x1, #32]           // expect store simd
  ld1 {v0.4s, v1.4s}, [x1], #32   // expect load simd
  ld1r {v0.4s}, [x1]              // expect load simd
  ld1 {v0.s}[1], [x1]             // expect load simd
  st1 {v0.4s}, [x1]               // expect store simd
  st1 {v0.s}[3], [x1], #4         // expect store simd
  ldr q0, 1f                      // expect load simd
  ldr x0, [x1]                    // expect load
  ldrsw x0, [x1, #4]              // expect load
  ldrb w0, [x1], #1               // expect load
  ldr x0, 1f                      // expect load
  ldp x29, x30, [sp], #16         // expect load
  ldxr w0, [x1]                   // expect load
  ldar x0, [x1]                   // expect load
  prfm pldl1keep, [x1]            // expect load
  str x0, [x1, #8]                // expect store
  strh w0, [x1, x2]               // expect store
  stp x29, x30, [sp, #-16]!       // expect store
  stxr w2, w0, [x1]               // expect store
  stlr x0, [x1]                   // expect store
  whilelo p0.b, xzr, x2           // expect simd_other
  fmla z0.s, p0/m, z1.s, z2.s     // expect simd_other
  ld1b {z0.b}, p0/z, [x1, x0]     // expect load simd
  ld1w {z0.s}, p0/z, [x1]         // expect load simd
  ld1d {z0.d}, p0/z, [x1, z2.d, lsl #3] // expect load simd
  st1b {z0.b}, p0, [x1, x0]       // expect store simd
  add x0, x1, x2                  // expect other
  madd x0, x1, x2, x3             // expect other
  b.ne 1f                         // expect other
1: ret                            // expect other
  svc #0                          // expect other
