/*
 * The float32 vectors the kernels compute with, over one of two instruction sets:
 * - wasm32 SIMD (-msimd128): vectors of 4 lanes; a multiply–add is a multiplication and an addition (wasm has no
 *   fused multiply–add);
 * - x86-64 (the native Node addon, native/node/): vectors of 8 lanes under -mavx2 -mfma, 16 under -mavx512f; a
 *   multiply–add is one fused instruction.
 * Besides the vector `vf` of GEN_LANES lanes, `f4` is a vector of 4 lanes on both, for the few places that step
 * through memory 4 floats at a time whatever the width. Everything else (comparisons, selects, integer lanes)
 * rounds identically on both: only the multiply–adds (vf_madd, f4_madd, f1_madd) differ, and within one
 * instruction set all three round alike, so a sum gives the same bits whichever of them computes it.
 */
#ifndef GEN_VECTOR_H
#define GEN_VECTOR_H

#include <stdint.h>

#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#define GEN_LANES 4

typedef v128_t vf; /* GEN_LANES floats */
typedef v128_t vi; /* GEN_LANES int32 (comparison masks are all ones or all zeros) */
typedef v128_t f4;

static inline vf vf_load(const float *p) { return wasm_v128_load(p); }
static inline void vf_store(float *p, vf v) { wasm_v128_store(p, v); }
static inline vf vf_splat(float value) { return wasm_f32x4_splat(value); }
static inline vf vf_load_splat(const float *p) { return wasm_v128_load32_splat(p); }
static inline vf vf_add(vf a, vf b) { return wasm_f32x4_add(a, b); }
static inline vf vf_sub(vf a, vf b) { return wasm_f32x4_sub(a, b); }
static inline vf vf_mul(vf a, vf b) { return wasm_f32x4_mul(a, b); }
static inline vf vf_div(vf a, vf b) { return wasm_f32x4_div(a, b); }
/* acc + a·b, rounded twice. */
static inline vf vf_madd(vf acc, vf a, vf b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
static inline vf vf_neg(vf a) { return wasm_f32x4_neg(a); }
static inline vf vf_abs(vf a) { return wasm_f32x4_abs(a); }
/* b < a ? b : a, and a < b ? b : a: with a first, a NaN in a passes through. */
static inline vf vf_pmin(vf a, vf b) { return wasm_f32x4_pmin(a, b); }
static inline vf vf_pmax(vf a, vf b) { return wasm_f32x4_pmax(a, b); }
static inline vi vf_lt(vf a, vf b) { return wasm_f32x4_lt(a, b); }
static inline vi vf_gt(vf a, vf b) { return wasm_f32x4_gt(a, b); }
static inline vi vf_eq(vf a, vf b) { return wasm_f32x4_eq(a, b); }
/* mask ? a : b, lane by lane (bit by bit). */
static inline vf vf_select(vi mask, vf a, vf b) { return wasm_v128_bitselect(a, b, mask); }
/* a with the sign bits of b set where b has them. */
static inline vf vf_or_sign(vf a, vf b) { return wasm_v128_or(a, wasm_v128_and(b, wasm_i32x4_splat((int32_t)0x80000000))); }
static inline vi vf_bits(vf a) { return a; }
static inline vf vi_float(vi a) { return a; }
static inline vi vi_splat(int32_t value) { return wasm_i32x4_splat(value); }
static inline vi vi_add(vi a, vi b) { return wasm_i32x4_add(a, b); }
static inline vi vi_sub(vi a, vi b) { return wasm_i32x4_sub(a, b); }
static inline vi vi_shl(vi a, int32_t bits) { return wasm_i32x4_shl(a, bits); }
static inline float vf_first(vf v) { return wasm_f32x4_extract_lane(v, 0); }
/* ((v₀ + v₁) + (v₂ + v₃)). */
static inline float vf_sum(vf v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}
/* The first `count` (< GEN_LANES) floats at p, zeros after. */
static inline vf vf_load_first(const float *p, int32_t count) {
  return wasm_f32x4_make(p[0], count > 1 ? p[1] : 0.0f, count > 2 ? p[2] : 0.0f, 0.0f);
}
/* Stores the first `count` (< GEN_LANES) lanes of v to p. */
static inline void vf_store_first(float *p, vf v, int32_t count) {
  if (count > 0) p[0] = wasm_f32x4_extract_lane(v, 0);
  if (count > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (count > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

static inline f4 f4_load(const float *p) { return wasm_v128_load(p); }
static inline void f4_store(float *p, f4 v) { wasm_v128_store(p, v); }
static inline f4 f4_splat(float value) { return wasm_f32x4_splat(value); }
static inline f4 f4_madd(f4 acc, f4 a, f4 b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
#define F4_LANE(v, lane) wasm_f32x4_extract_lane((v), (lane))
/* The scalar multiply–add, rounded as vf_madd rounds. */
static inline float f1_madd(float acc, float a, float b) { return acc + a * b; }

#elif defined(__x86_64__) && defined(__AVX2__) && defined(__FMA__)

#include <immintrin.h>

#if defined(__AVX512F__)
#define GEN_LANES 16
#else
#define GEN_LANES 8
#endif

typedef float vf __attribute__((vector_size(4 * GEN_LANES)));
typedef int32_t vi __attribute__((vector_size(4 * GEN_LANES)));
/* Unaligned versions for loads and stores: buffers are 16-byte aligned only. */
typedef float vf_unaligned __attribute__((vector_size(4 * GEN_LANES), aligned(4)));
typedef float f4 __attribute__((vector_size(16)));
typedef float f4_unaligned __attribute__((vector_size(16), aligned(4)));

static inline vf vf_load(const float *p) { return *(const vf_unaligned *)p; }
static inline void vf_store(float *p, vf v) { *(vf_unaligned *)p = v; }
static inline vf vf_splat(float value) { return (vf){0} + value; }
static inline vf vf_load_splat(const float *p) { return vf_splat(*p); }
static inline vf vf_add(vf a, vf b) { return a + b; }
static inline vf vf_sub(vf a, vf b) { return a - b; }
static inline vf vf_mul(vf a, vf b) { return a * b; }
static inline vf vf_div(vf a, vf b) { return a / b; }
/* acc + a·b, rounded once. */
static inline vf vf_madd(vf acc, vf a, vf b) {
#if GEN_LANES == 16
  return _mm512_fmadd_ps(a, b, acc);
#else
  return _mm256_fmadd_ps(a, b, acc);
#endif
}
static inline vf vf_neg(vf a) { return -a; }
static inline vf vf_select(vi mask, vf a, vf b) { return (vf)(((vi)a & mask) | ((vi)b & ~mask)); }
static inline vf vf_abs(vf a) { return (vf)((vi)a & ((vi){0} + 0x7FFFFFFF)); }
static inline vi vf_lt(vf a, vf b) { return a < b; }
static inline vi vf_gt(vf a, vf b) { return a > b; }
static inline vi vf_eq(vf a, vf b) { return a == b; }
static inline vf vf_pmin(vf a, vf b) { return vf_select(b < a, b, a); }
static inline vf vf_pmax(vf a, vf b) { return vf_select(a < b, b, a); }
static inline vf vf_or_sign(vf a, vf b) { return (vf)((vi)a | ((vi)b & ((vi){0} + (int32_t)0x80000000))); }
static inline vi vf_bits(vf a) { return (vi)a; }
static inline vf vi_float(vi a) { return (vf)a; }
static inline vi vi_splat(int32_t value) { return (vi){0} + value; }
static inline vi vi_add(vi a, vi b) { return a + b; }
static inline vi vi_sub(vi a, vi b) { return a - b; }
static inline vi vi_shl(vi a, int32_t bits) { return a << bits; }
static inline float vf_first(vf v) { return v[0]; }
/* Pairwise: lanes i and i + n/2 first, halving n until one lane is left. */
static inline float vf_sum(vf v) {
  float lanes[GEN_LANES];
  vf_store(lanes, v);
  for (int32_t n = GEN_LANES / 2; n > 0; n /= 2)
    for (int32_t i = 0; i < n; i += 1) lanes[i] += lanes[i + n];
  return lanes[0];
}
static inline vf vf_load_first(const float *p, int32_t count) {
  vf v = {0};
  for (int32_t i = 0; i < count; i += 1) v[i] = p[i];
  return v;
}
static inline void vf_store_first(float *p, vf v, int32_t count) {
  for (int32_t i = 0; i < count; i += 1) p[i] = v[i];
}

static inline f4 f4_load(const float *p) { return *(const f4_unaligned *)p; }
static inline void f4_store(float *p, f4 v) { *(f4_unaligned *)p = v; }
static inline f4 f4_splat(float value) { return (f4){value, value, value, value}; }
static inline f4 f4_madd(f4 acc, f4 a, f4 b) { return _mm_fmadd_ps(a, b, acc); }
#define F4_LANE(v, lane) ((v)[lane])
static inline float f1_madd(float acc, float a, float b) { return __builtin_fmaf(a, b, acc); }

#else
#error "gen's kernels need wasm32 SIMD (-msimd128) or x86-64 with AVX2 and FMA (-mavx2 -mfma)"
#endif

/* Floats in a panel of the matrix products: two vectors. */
#define GEN_PANEL (2 * GEN_LANES)

/*
 * Rows of a matrix product's register tile: 2·GEN_TILE_ROWS accumulators, plus a panel row and a broadcast, must fit
 * the vector registers (16 in wasm32 SIMD as V8 compiles it on x86-64 and in AVX2, 32 in AVX-512), and the tiles
 * divide the kernels' blocks of 32 rows.
 */
#if GEN_LANES == 16
#define GEN_TILE_ROWS 8
#else
#define GEN_TILE_ROWS 4
#endif


#endif
