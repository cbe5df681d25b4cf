@ Thumb-2 instructions and the class armcount must give each.
  .syntax unified
  .thumb
  .fpu neon-vfpv4
  vmla.f32 q0, q1, q2             @ expect fma_vec lanes=4
  vfma.f32 q0, q1, q2             @ expect fma_vec lanes=4
  vmla.f32 q0, q1, d4[1]          @ expect fma_vec lanes=4
  vmla.f32 s0, s1, s2             @ expect fma_scalar
  vmul.f32 q0, q1, q2             @ expect simd_other lanes=4 fmul
  vadd.f32 q0, q1, q2             @ expect simd_other fadd
  vmax.f32 q0, q1, q2             @ expect simd_other
  vdiv.f64 d0, d1, d2             @ expect simd_other
  vmov r0, s1                     @ expect simd_other
  vld1.32 {d0, d1}, [r1]!         @ expect load simd
  vst1.32 {d0[1]}, [r1]           @ expect store simd
  vldr d0, [r1, #8]               @ expect load simd
  vstr s0, [r1]                   @ expect store simd
  vpush {d8-d9}                   @ expect store simd
  ldr r0, [r1, #4]                @ expect load
  ldr r0, [r1, r2]                @ expect load
  ldr r0, [sp, #8]                @ expect load
  ldrsb r0, [r1, r2]              @ expect load
  ldrh r0, [r1, #2]               @ expect load
  ldr.w r0, [r1, #4092]           @ expect load
  ldrb.w r0, [r1], #1             @ expect load
  ldrd r0, r1, [r2, #8]           @ expect load
  ldrex r0, [r1]                  @ expect load
  ldmia r0!, {r1-r3}              @ expect load
  ldmia.w r0, {r1, r9}            @ expect load
  pop {r4, pc}                    @ expect load
  pop.w {r4-r11, pc}              @ expect load
  str r0, [r1, #4]                @ expect store
  strb r0, [r1, r2]               @ expect store
  strh r0, [r1]                   @ expect store
  str r0, [sp, #4]                @ expect store
  str.w r0, [r1, #-4]!            @ expect store
  strd r0, r1, [r2]               @ expect store
  strex r2, r0, [r1]              @ expect store
  stmia r0!, {r1, r2}             @ expect store
  push {r4, lr}                   @ expect store
  push.w {r4-r11, lr}             @ expect store
  adds r0, r1, r2                 @ expect other
  add.w r0, r1, r2, lsl #2        @ expect other
  mla r0, r1, r2, r3              @ expect other
  movw r0, #1234                  @ expect other
  tbb [r0, r1]                    @ expect load
  it eq                           @ expect other
  moveq r0, r1                    @ expect other
  bne.w 1f                        @ expect other
1: bx lr                          @ expect other
  svc #0                          @ expect other
