/* Float32 elementary functions for the kernels (no libm under -nostdlib): Cephes-style polynomials. */
#ifndef GEN_SIMD_MATH_H
#define GEN_SIMD_MATH_H

#include <stdint.h>

#include "gen_kernels.h"
#include "vector.h"

/* e^x, about 1 ulp on [−87, 88]; saturates outside (2⁻¹²⁶ below, e⁸⁸ ≈ 1.7e38 above); NaN stays NaN. */
static inline vf vf_exp(vf x) {
  /* pmin/pmax (one instruction each) rather than min/max; with x first, a NaN x passes through. */
  x = vf_pmin(vf_pmax(x, vf_splat(-87.33654f)), vf_splat(88.0f));
  /* n = round(x·log₂e) by the 1.5·2²³ trick: the sum's low mantissa bits hold n as an integer. */
  const vf magic = vf_splat(12582912.0f);
  const vf shifted = vf_add(vf_mul(x, vf_splat(1.44269504088896341f)), magic);
  const vf fx = vf_sub(shifted, magic);
  x = vf_sub(x, vf_mul(fx, vf_splat(0.693359375f)));
  x = vf_sub(x, vf_mul(fx, vf_splat(-2.12194440e-4f)));
  vf z = vf_mul(x, x);
  vf y = vf_splat(1.9875691500e-4f);
  y = vf_add(vf_mul(y, x), vf_splat(1.3981999507e-3f));
  y = vf_add(vf_mul(y, x), vf_splat(8.3334519073e-3f));
  y = vf_add(vf_mul(y, x), vf_splat(4.1665795894e-2f));
  y = vf_add(vf_mul(y, x), vf_splat(1.6666665459e-1f));
  y = vf_add(vf_mul(y, x), vf_splat(5.0000001201e-1f));
  y = vf_add(vf_add(vf_mul(y, z), x), vf_splat(1.0f));
  /* 2ⁿ: n + 127 into the exponent field (the magic's bits are 0x4B400000 + n). */
  const vi n = vi_sub(vf_bits(shifted), vi_splat(0x4B400000));
  const vi scale = vi_shl(vi_add(n, vi_splat(127)), 23);
  return vf_mul(y, vi_float(scale));
}

/* SiLU z·s(z), as z / (1 + e^{−z}) (one division, no multiplication). */
static inline vf vf_silu(vf z) { return vf_div(z, vf_add(vf_splat(1.0f), vf_exp(vf_neg(z)))); }

/* tanh z: an odd polynomial for |z| < 0.625, 1 − 2/(e^{2|z|} + 1) with the sign of z beyond. */
static inline vf vf_tanh(vf z) {
  vf a = vf_abs(z);
  vf e = vf_exp(vf_add(a, a));
  vf big = vf_sub(vf_splat(1.0f), vf_div(vf_splat(2.0f), vf_add(e, vf_splat(1.0f))));
  big = vf_or_sign(big, z);
  vf s = vf_mul(z, z);
  vf p = vf_splat(-5.70498872745e-3f);
  p = vf_add(vf_mul(p, s), vf_splat(2.06390887954e-2f));
  p = vf_add(vf_mul(p, s), vf_splat(-5.37397155531e-2f));
  p = vf_add(vf_mul(p, s), vf_splat(1.33314422036e-1f));
  p = vf_add(vf_mul(p, s), vf_splat(-3.33332819422e-1f));
  vf small = vf_add(vf_mul(vf_mul(p, s), z), z);
  return vf_select(vf_lt(a, vf_splat(0.625f)), small, big);
}

/* σ(z) for a GEN_ACTIVATION_* code. */
static inline vf vf_activate(int32_t activation, vf z) {
  switch (activation) {
    case GEN_ACTIVATION_TANH:
      return vf_tanh(z);
    case GEN_ACTIVATION_ELU:
      return vf_select(vf_gt(z, vf_splat(0.0f)), z, vf_sub(vf_exp(z), vf_splat(1.0f)));
    default:
      return vf_silu(z);
  }
}

/* σ'(z), given z and h = σ(z): s(1 + z(1 − s)) for SiLU, 1 − h² for tanh, 1 or h + 1 for ELU. */
static inline vf vf_activation_slope(int32_t activation, vf z, vf h) {
  const vf one = vf_splat(1.0f);
  switch (activation) {
    case GEN_ACTIVATION_TANH:
      return vf_sub(one, vf_mul(h, h));
    case GEN_ACTIVATION_ELU:
      return vf_select(vf_gt(z, vf_splat(0.0f)), one, vf_add(h, one));
    default: {
      /* s(z) recovered as h/z (h = z·s(z)), 1/2 at z = 0: a division instead of an exponential and a division. */
      const vf s = vf_select(vf_eq(z, vf_splat(0.0f)), vf_splat(0.5f), vf_div(h, z));
      return vf_mul(s, vf_add(one, vf_mul(z, vf_sub(one, s))));
    }
  }
}

/* Scalar versions through lane 0. */
static inline float activate1(int32_t activation, float z) { return vf_first(vf_activate(activation, vf_splat(z))); }
static inline float activation_slope1(int32_t activation, float z, float h) {
  return vf_first(vf_activation_slope(activation, vf_splat(z), vf_splat(h)));
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
