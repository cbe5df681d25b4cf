; Arm32FusedMultiplyAdd.ll - the fused multiply-add of an ARMv7 VFPv4 library.
;
; Halide 14 has no fma() and LLVM does not fuse 32-bit NEON vector mul+add
; by itself, so the kernels call mnv3_fmaf32(a, b, c) = a * b + c; when
; Halide vectorises the call it uses the 4-lane version, by the naming rule
; of its vector runtime functions (NAMEx4). Both become VFMA.F32 once
; inlined. The functions are linked into the library's LLVM module before
; its code is generated (codegen/MultiplyAdd.cpp); @llvm.used keeps them
; there until then. Built with llvm-as-14 (Halide's LLVM) at build time.

target datalayout = "e-m:e-p:32:32-Fi8-i64:64-v128:64:128-a:0:32-n32-S64"
target triple = "armv7s--linux-gnueabihf"

@llvm.used = appending global [4 x i8*] [
  i8* bitcast (float (float, float, float)* @mnv3_fmaf32 to i8*),
  i8* bitcast (<4 x float> (<4 x float>, <4 x float>, <4 x float>)* @mnv3_fmaf32x4 to i8*),
  i8* bitcast (float (float, float, float, float, float, float, float, float, float)* @mnv3_mla4f32 to i8*),
  i8* bitcast (<4 x float> (<4 x float>, <4 x float>, <4 x float>, <4 x float>, <4 x float>, <4 x float>, <4 x float>, <4 x float>, <4 x float>)* @mnv3_mla4f32x4 to i8*)
], section "llvm.metadata"

define linkonce_odr float @mnv3_fmaf32(float %a, float %b, float %c) #0 {
  %r = call float @llvm.fma.f32(float %a, float %b, float %c)
  ret float %r
}

define linkonce_odr <4 x float> @mnv3_fmaf32x4(<4 x float> %a, <4 x float> %b, <4 x float> %c) #0 {
  %r = call <4 x float> @llvm.fma.v4f32(<4 x float> %a, <4 x float> %b, <4 x float> %c)
  ret <4 x float> %r
}

; mnv3_mla4f32(w0, w1, w2, w3, i0, i1, i2, i3, acc) = acc + w0*i0 + ... + w3*i3,
; four reduction steps of a 1x1 convolution. In the 4-lane version each ik
; is a broadcast of lane k of one vector (4 input channels of a pixel,
; loaded at once), which is rebuilt here so that VMLA by scalar multiplies
; by its lanes: ARMv7 has no fused multiply-add by lane, and LLVM forms no
; chained one for Halide's ARMv7s (Swift) CPU, so the four are inline asm.
define linkonce_odr float @mnv3_mla4f32(float %w0, float %w1, float %w2, float %w3,
                                        float %i0, float %i1, float %i2, float %i3,
                                        float %acc) #0 {
  %p0 = fmul float %w0, %i0
  %s0 = fadd float %acc, %p0
  %p1 = fmul float %w1, %i1
  %s1 = fadd float %s0, %p1
  %p2 = fmul float %w2, %i2
  %s2 = fadd float %s1, %p2
  %p3 = fmul float %w3, %i3
  %s3 = fadd float %s2, %p3
  ret float %s3
}

define linkonce_odr <4 x float> @mnv3_mla4f32x4(<4 x float> %w0, <4 x float> %w1,
                                                <4 x float> %w2, <4 x float> %w3,
                                                <4 x float> %i0, <4 x float> %i1,
                                                <4 x float> %i2, <4 x float> %i3,
                                                <4 x float> %acc) #0 {
  %lo = shufflevector <4 x float> %i0, <4 x float> %i1, <4 x i32> <i32 0, i32 5, i32 undef, i32 undef>
  %hi = shufflevector <4 x float> %i2, <4 x float> %i3, <4 x i32> <i32 2, i32 7, i32 undef, i32 undef>
  %in = shufflevector <4 x float> %lo, <4 x float> %hi, <4 x i32> <i32 0, i32 1, i32 4, i32 5>
  %r = call <4 x float> asm "vmla.f32 $0, $1, ${5:e}[0]\0Avmla.f32 $0, $2, ${5:e}[1]\0Avmla.f32 $0, $3, ${5:f}[0]\0Avmla.f32 $0, $4, ${5:f}[1]", "=w,w,w,w,w,t,0"(<4 x float> %w0, <4 x float> %w1, <4 x float> %w2, <4 x float> %w3, <4 x float> %in, <4 x float> %acc) #1
  ret <4 x float> %r
}

declare float @llvm.fma.f32(float, float, float)
declare <4 x float> @llvm.fma.v4f32(<4 x float>, <4 x float>, <4 x float>)

attributes #0 = { alwaysinline nounwind readnone }
; On the asm call too, or its callers lose .cantunwind and need an unwinder.
attributes #1 = { nounwind readnone }
