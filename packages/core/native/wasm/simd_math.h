/* Float32 elementary functions for the kernels (no libm under -nostdlib): Cephes-style polynomials. */
#ifndef GEN_SIMD_MATH_H
#define GEN_SIMD_MATH_H

#include <stdint.h>
#include <wasm_simd128.h>

#include "gen_kernels.h"

typedef v128_t f4;

static inline f4 f4_splat(float value) { return wasm_f32x4_splat(value); }

/* e^x, about 1 ulp on [−87, 88]; saturates outside (2⁻¹²⁶ below, e⁸⁸ ≈ 1.7e38 above); NaN stays NaN. */
static inline f4 f4_exp(f4 x) {
  /* pmin/pmax (one instruction each) rather than min/max; with x first, a NaN x passes through. */
  x = wasm_f32x4_pmin(wasm_f32x4_pmax(x, f4_splat(-87.33654f)), f4_splat(88.0f));
  /* n = round(x·log₂e) by the 1.5·2²³ trick: the sum's low mantissa bits hold n as an integer. */
  const f4 magic = f4_splat(12582912.0f);
  const f4 shifted = wasm_f32x4_add(wasm_f32x4_mul(x, f4_splat(1.44269504088896341f)), magic);
  const f4 fx = wasm_f32x4_sub(shifted, magic);
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, f4_splat(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, f4_splat(-2.12194440e-4f)));
  f4 z = wasm_f32x4_mul(x, x);
  f4 y = f4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), f4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), f4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), f4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), f4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), f4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(y, z), x), f4_splat(1.0f));
  /* 2ⁿ: n + 127 into the exponent field (the magic's bits are 0x4B400000 + n). */
  const v128_t n = wasm_i32x4_sub(shifted, wasm_i32x4_splat(0x4B400000));
  const v128_t scale = wasm_i32x4_shl(wasm_i32x4_add(n, wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(y, scale);
}

/* SiLU z·s(z), as z / (1 + e^{−z}) (one division, no multiplication). */
static inline f4 f4_silu(f4 z) {
  return wasm_f32x4_div(z, wasm_f32x4_add(f4_splat(1.0f), f4_exp(wasm_f32x4_neg(z))));
}

/* tanh z: an odd polynomial for |z| < 0.625, 1 − 2/(e^{2|z|} + 1) with the sign of z beyond. */
static inline f4 f4_tanh(f4 z) {
  f4 a = wasm_f32x4_abs(z);
  f4 e = f4_exp(wasm_f32x4_add(a, a));
  f4 big = wasm_f32x4_sub(f4_splat(1.0f), wasm_f32x4_div(f4_splat(2.0f), wasm_f32x4_add(e, f4_splat(1.0f))));
  big = wasm_v128_or(big, wasm_v128_and(z, wasm_i32x4_splat((int32_t)0x80000000)));
  f4 s = wasm_f32x4_mul(z, z);
  f4 p = f4_splat(-5.70498872745e-3f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s), f4_splat(2.06390887954e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s), f4_splat(-5.37397155531e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s), f4_splat(1.33314422036e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, s), f4_splat(-3.33332819422e-1f));
  f4 small = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, s), z), z);
  return wasm_v128_bitselect(small, big, wasm_f32x4_lt(a, f4_splat(0.625f)));
}

/* σ(z) for a GEN_ACTIVATION_* code. */
static inline f4 f4_activate(int32_t activation, f4 z) {
  switch (activation) {
    case GEN_ACTIVATION_TANH:
      return f4_tanh(z);
    case GEN_ACTIVATION_ELU:
      return wasm_v128_bitselect(z, wasm_f32x4_sub(f4_exp(z), f4_splat(1.0f)), wasm_f32x4_gt(z, f4_splat(0.0f)));
    default:
      return f4_silu(z);
  }
}

/* σ'(z), given z and h = σ(z): s(1 + z(1 − s)) for SiLU, 1 − h² for tanh, 1 or h + 1 for ELU. */
static inline f4 f4_activation_slope(int32_t activation, f4 z, f4 h) {
  const f4 one = f4_splat(1.0f);
  switch (activation) {
    case GEN_ACTIVATION_TANH:
      return wasm_f32x4_sub(one, wasm_f32x4_mul(h, h));
    case GEN_ACTIVATION_ELU:
      return wasm_v128_bitselect(one, wasm_f32x4_add(h, one), wasm_f32x4_gt(z, f4_splat(0.0f)));
    default: {
      /* s(z) recovered as h/z (h = z·s(z)), 1/2 at z = 0: a division instead of an exponential and a division. */
      const f4 s = wasm_v128_bitselect(f4_splat(0.5f), wasm_f32x4_div(h, z), wasm_f32x4_eq(z, f4_splat(0.0f)));
      return wasm_f32x4_mul(s, wasm_f32x4_add(one, wasm_f32x4_mul(z, wasm_f32x4_sub(one, s))));
    }
  }
}

/* Scalar versions through lane 0. */
static inline float activate1(int32_t activation, float z) {
  return wasm_f32x4_extract_lane(f4_activate(activation, f4_splat(z)), 0);
}
static inline float activation_slope1(int32_t activation, float z, float h) {
  return wasm_f32x4_extract_lane(f4_activation_slope(activation, f4_splat(z), f4_splat(h)), 0);
}

/* sin and cos of x (Cephes sinf/cosf: reduction by π/4 in three parts, accurate for |x| < 8192). */
static inline float sincos1(float x, int cosine) {
  float sign = 1.0f;
  if (x < 0.0f) {
    x = -x;
    if (!cosine) sign = -1.0f;
  }
  int32_t j = (int32_t)(x * 1.27323954473516f);
  float y = (float)j;
  if (j & 1) {
    j += 1;
    y += 1.0f;
  }
  j &= 7;
  if (j > 3) {
    j -= 4;
    sign = -sign;
  }
  if (cosine && j > 1) sign = -sign;
  x = ((x - y * 0.78515625f) - y * 2.4187564849853515625e-4f) - y * 3.77489497744594108e-8f;
  float z = x * x;
  int use_cos_poly = (j == 1 || j == 2) ? !cosine : cosine;
  float r;
  if (use_cos_poly) {
    r = ((2.443315711809948e-5f * z - 1.388731625493765e-3f) * z + 4.166664568298827e-2f) * z * z - 0.5f * z + 1.0f;
  } else {
    r = ((-1.9515295891e-4f * z + 8.3321608736e-3f) * z - 1.6666654611e-1f) * z * x + x;
  }
  return sign * r;
}

#endif
