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

@llvm.used = appending global [2 x i8*] [
  i8* bitcast (float (float, float, float)* @mnv3_fmaf32 to i8*),
  i8* bitcast (<4 x float> (<4 x float>, <4 x float>, <4 x float>)* @mnv3_fmaf32x4 to i8*)
], section "llvm.metadata"

define linkonce_odr float @mnv3_fmaf32(float %a, float %b, float %c) #0 {
  %r = call float @llvm.fma.f32(float %a, float %b, float %c)
  ret float %r
}

define linkonce_odr <4 x float> @mnv3_fmaf32x4(<4 x float> %a, <4 x float> %b, <4 x float> %c) #0 {
  %r = call <4 x float> @llvm.fma.v4f32(<4 x float> %a, <4 x float> %b, <4 x float> %c)
  ret <4 x float> %r
}

declare float @llvm.fma.f32(float, float, float)
declare <4 x float> @llvm.fma.v4f32(<4 x float>, <4 x float>, <4 x float>)

attributes #0 = { alwaysinline nounwind readnone }
