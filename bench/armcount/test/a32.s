@ A32 (ARM state) instructions and the class armcount must give each.
  .arm
  .fpu neon-vfpv4
  vmla.f32 q0, q1, q2             @ expect fma_vec lanes=4
  vmls.f32 d0, d1, d2             @ expect fma_vec lanes=2
  vfma.f32 q0, q1, q2             @ expect fma_vec lanes=4
  vfms.f32 d0, d1, d2             @ expect fma_vec lanes=2
  vmla.f32 q0, q1, d4[1]          @ expect fma_vec lanes=4
  vmls.f32 d0, d1, d4[0]          @ expect fma_vec lanes=2
  vmla.f32 s0, s1, s2             @ expect fma_scalar
  vnmls.f64 d0, d1, d2            @ expect fma_scalar
  vfma.f32 s0, s1, s2             @ expect fma_scalar
  vmul.f32 q0, q1, q2             @ expect simd_other lanes=4 fmul
  vmul.f32 q0, q1, d4[1]          @ expect simd_other lanes=4 fmul
  vadd.f32 q0, q1, q2             @ expect simd_other fadd
  vsub.f32 d0, d1, d2             @ expect simd_other fadd
  vpadd.f32 d0, d1, d2            @ expect simd_other
  vmla.i32 q0, q1, q2             @ expect simd_other
  vmla.i32 q0, q1, d4[1]          @ expect simd_other
  vmlal.s16 q0, d1, d2[1]         @ expect simd_other
  vmax.f32 q0, q1, q2             @ expect simd_other
  vdup.32 q0, d1[0]               @ expect simd_other
  vext.8 q0, q1, q2, #4           @ expect simd_other
  vmov.i32 q0, #0                 @ expect simd_other
  vmul.f32 s0, s1, s2             @ expect simd_other
  vadd.f64 d0, d1, d2             @ expect simd_other
  vmov r0, s1                     @ expect simd_other
  vmov d0, r0, r1                 @ expect simd_other
  vmrs APSR_nzcv, fpscr           @ expect simd_other
  vld1.32 {d0, d1}, [r1]!         @ expect load simd
  vld1.32 {d0[], d1[]}, [r1]      @ expect load simd
  vld1.32 {d0[1]}, [r1], r2       @ expect load simd
  vld4.8 {d0, d1, d2, d3}, [r1]   @ expect load simd
  vst1.32 {d0, d1, d2, d3}, [r1:128]! @ expect store simd
  vst1.32 {d0[1]}, [r1]           @ expect store simd
  vldr d0, [r1, #8]               @ expect load simd
  vldr s0, [r1]                   @ expect load simd
  vstr d0, [r1, #-8]              @ expect store simd
  vldmia r1!, {d0-d3}             @ expect load simd
  vpush {d8-d15}                  @ expect store simd
  vpop {d8-d15}                   @ expect load simd
  ldr r0, [r1, #4]                @ expect load
  ldr r0, [r1, r2, lsl #2]        @ expect load
  ldrb r0, [r1], #1               @ expect load
  ldrh r0, [r1, #2]               @ expect load
  ldrsh r0, [r1]                  @ expect load
  ldrsb r0, [r1]                  @ expect load
  ldrd r0, r1, [r2]               @ expect load
  ldrex r0, [r1]                  @ expect load
  ldmia r0!, {r1-r4}              @ expect load
  pop {r4, pc}                    @ expect load
  pld [r1, #64]                   @ expect load
  str r0, [r1, #4]                @ expect store
  strb r0, [r1, r2]               @ expect store
  strh r0, [r1]                   @ expect store
  strd r0, r1, [r2, #8]           @ expect store
  strex r2, r0, [r1]              @ expect store
  stmdb sp!, {r4-r6}              @ expect store
  push {r4, lr}                   @ expect store
  add r0, r1, r2                  @ expect other
  mla r0, r1, r2, r3              @ expect other
  movw r0, #1234                  @ expect other
  uxtb r0, r1                     @ expect other
  bne 1f                          @ expect other
1: bx lr                          @ expect other
  mrc p15, 0, r0, c13, c0, 3      @ expect other
  svc #0                          @ expect other
