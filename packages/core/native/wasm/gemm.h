/* Register-tiled float32 matrix products on wasm SIMD (row-major, leading dimensions in floats). */
#ifndef GEN_GEMM_H
#define GEN_GEMM_H

#include "simd_math.h"

#define GEN_NO_ACTIVATION (-1)

#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store((p), (v))
#define SPLAT1(p) wasm_v128_load32_splat(p)
#define MAC(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))

/* Floats of B [depth, cols] packed into panels of GEN_PANEL columns (the last one padded with zeros). */
#define GEN_PANEL 8
static inline int32_t panel_floats(int32_t depth, int32_t cols) {
  return (cols + GEN_PANEL - 1) / GEN_PANEL * GEN_PANEL * depth;
}

/*
 * Packs B, element (k, j) at b[k·k_stride + j·j_stride] for k < depth, j < cols, into panels: panel p holds
 * columns [8p, 8p + 8) as [depth][8] (contiguous), columns past cols are zero. k_stride = cols, j_stride = 1 packs
 * a row-major [depth, cols] matrix (8 consecutive floats per step); k_stride = 1, j_stride = depth packs the
 * transpose of a [cols, depth] one.
 */
static inline void pack_panels(int32_t depth, int32_t cols, const float *b, int32_t k_stride, int32_t j_stride,
                               float *panels) {
  for (int32_t j = 0; j < cols; j += GEN_PANEL, panels += GEN_PANEL * depth) {
    const int32_t width = cols - j < GEN_PANEL ? cols - j : GEN_PANEL;
    if (width == GEN_PANEL && j_stride == 1) {
      for (int32_t k = 0; k < depth; k += 1) {
        const float *bk = b + k * k_stride + j;
        ST(panels + k * GEN_PANEL, LD(bk));
        ST(panels + k * GEN_PANEL + 4, LD(bk + 4));
      }
      continue;
    }
    for (int32_t k = 0; k < depth; k += 1) {
      const float *bk = b + k * k_stride + j * j_stride;
      float *panel = panels + k * GEN_PANEL;
      int32_t q = 0;
      for (; q < width; q += 1) panel[q] = bk[q * j_stride];
      for (; q < GEN_PANEL; q += 1) panel[q] = 0.0f;
    }
  }
}

/* Stores the first `width` (≤ 4) lanes of v to p. */
static inline void store_lanes(float *p, f4 v, int32_t width) {
  if (width >= 4) {
    ST(p, v);
    return;
  }
  if (width > 0) p[0] = wasm_f32x4_extract_lane(v, 0);
  if (width > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (width > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/* Stores 8 columns (acc0 = columns 0–3, acc1 = 4–7) of one output row, `width` ≤ 8 of them valid. */
static inline void epilogue8(f4 acc0, f4 acc1, const float *bias, float *z, float *c, int32_t width, int32_t activation) {
  if (width == GEN_PANEL) {
    if (bias) {
      acc0 = wasm_f32x4_add(acc0, LD(bias));
      acc1 = wasm_f32x4_add(acc1, LD(bias + 4));
    }
    if (z) {
      ST(z, acc0);
      ST(z + 4, acc1);
    }
    ST(c, activation == GEN_NO_ACTIVATION ? acc0 : f4_activate(activation, acc0));
    ST(c + 4, activation == GEN_NO_ACTIVATION ? acc1 : f4_activate(activation, acc1));
    return;
  }
  if (bias) {
    /* Only the valid columns of the bias exist. */
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_make(bias[0], width > 1 ? bias[1] : 0.0f, width > 2 ? bias[2] : 0.0f,
                                                width > 3 ? bias[3] : 0.0f));
    if (width > 4)
      acc1 = wasm_f32x4_add(acc1, wasm_f32x4_make(bias[4], width > 5 ? bias[5] : 0.0f, width > 6 ? bias[6] : 0.0f, 0.0f));
  }
  if (z) {
    store_lanes(z, acc0, width);
    store_lanes(z + 4, acc1, width - 4);
  }
  if (activation != GEN_NO_ACTIVATION) {
    acc0 = f4_activate(activation, acc0);
    acc1 = f4_activate(activation, acc1);
  }
  store_lanes(c, acc0, width);
  store_lanes(c + 4, acc1, width - 4);
}

/*
 * c[r, j] = act(Σ_k a[r, k]·b[k, j] + bias[j]) for r < rows, j < cols, with B given as panels (pack_panels), bias
 * null or [cols], act GEN_NO_ACTIVATION or a GEN_ACTIVATION_*; the
 * pre-activation also goes to z (ldz) when z is not null. Tiles of 4 rows × 8 columns keep 8 accumulators in
 * registers; each step over k reads 8 consecutive floats of the panel.
 */
static inline void gemm(int32_t rows, int32_t cols, int32_t depth, const float *a, int32_t lda, const float *panels,
                        const float *bias, float *z, int32_t ldz, float *c, int32_t ldc, int32_t activation) {
  const f4 zero = f4_splat(0.0f);
  for (int32_t j = 0; j < cols; j += GEN_PANEL, panels += GEN_PANEL * depth) {
    const int32_t width = cols - j < GEN_PANEL ? cols - j : GEN_PANEL;
    const float *bias_j = bias ? bias + j : 0;
    int32_t r = 0;
    for (; r + 4 <= rows; r += 4) {
      const float *a0 = a + r * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
      f4 c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
      const float *bk = panels;
      for (int32_t k = 0; k < depth; k += 1, bk += GEN_PANEL) {
        const f4 b0 = LD(bk), b1 = LD(bk + 4);
        f4 x = SPLAT1(a0 + k);
        MAC(c00, x, b0);
        MAC(c01, x, b1);
        x = SPLAT1(a1 + k);
        MAC(c10, x, b0);
        MAC(c11, x, b1);
        x = SPLAT1(a2 + k);
        MAC(c20, x, b0);
        MAC(c21, x, b1);
        x = SPLAT1(a3 + k);
        MAC(c30, x, b0);
        MAC(c31, x, b1);
      }
      float *zr = z ? z + r * ldz + j : 0;
      float *cr = c + r * ldc + j;
      epilogue8(c00, c01, bias_j, zr, cr, width, activation);
      epilogue8(c10, c11, bias_j, zr ? zr + ldz : 0, cr + ldc, width, activation);
      epilogue8(c20, c21, bias_j, zr ? zr + 2 * ldz : 0, cr + 2 * ldc, width, activation);
      epilogue8(c30, c31, bias_j, zr ? zr + 3 * ldz : 0, cr + 3 * ldc, width, activation);
    }
    for (; r < rows; r += 1) {
      const float *a0 = a + r * lda;
      f4 c00 = zero, c01 = zero;
      const float *bk = panels;
      for (int32_t k = 0; k < depth; k += 1, bk += GEN_PANEL) {
        const f4 x = SPLAT1(a0 + k);
        MAC(c00, x, LD(bk));
        MAC(c01, x, LD(bk + 4));
      }
      epilogue8(c00, c01, bias_j, z ? z + r * ldz + j : 0, c + r * ldc + j, width, activation);
    }
  }
}

/*
 * g[k, j] += Σ_r a[r, k]·d[r, j] for k < depth, j < cols (row k of g at g + k·ldg): a weight gradient aᵀ·d.
 * Whole tiles of 4 rows of g × 8 columns first copy a and d into scratch (rows·(depth + cols) floats) as
 * [depth/4][rows][4] and [cols/8][rows][8], so that the sums stream through contiguous memory instead of two rows far
 * apart per step; the columns past a multiple of 8 go four rows of g at a time, the rows of g past a multiple of 4
 * one by one. Every entry sums its rows in order and then adds the sum to g, on each of these paths, so the result
 * does not depend on how a caller splits k and j.
 */
static inline void gemm_at_b_add(int32_t rows, int32_t depth, int32_t cols, const float *a, int32_t lda, const float *d,
                                 int32_t ldd, float *g, int32_t ldg, float *scratch) {
  const int32_t depth4 = depth & ~3, cols8 = cols & ~7;
  float *const ap = scratch, *const dp = scratch + rows * depth4;
  for (int32_t k = 0; k < depth4; k += 4)
    for (int32_t r = 0; r < rows; r += 1) ST(ap + k * rows + r * 4, LD(a + r * lda + k));
  for (int32_t j = 0; j < cols8; j += 8)
    for (int32_t r = 0; r < rows; r += 1) {
      ST(dp + j * rows + r * 8, LD(d + r * ldd + j));
      ST(dp + j * rows + r * 8 + 4, LD(d + r * ldd + j + 4));
    }
  const f4 zero = f4_splat(0.0f);
  for (int32_t k = 0; k < depth4; k += 4) {
    for (int32_t j = 0; j < cols8; j += 8) {
      f4 c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
      const float *ar = ap + k * rows, *dr = dp + j * rows;
      for (int32_t r = 0; r < rows; r += 1, ar += 4, dr += 8) {
        const f4 d0 = LD(dr), d1 = LD(dr + 4);
        f4 x = SPLAT1(ar);
        MAC(c00, x, d0);
        MAC(c01, x, d1);
        x = SPLAT1(ar + 1);
        MAC(c10, x, d0);
        MAC(c11, x, d1);
        x = SPLAT1(ar + 2);
        MAC(c20, x, d0);
        MAC(c21, x, d1);
        x = SPLAT1(ar + 3);
        MAC(c30, x, d0);
        MAC(c31, x, d1);
      }
      float *g0 = g + k * ldg + j;
      ST(g0, wasm_f32x4_add(LD(g0), c00));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c01));
      g0 += ldg;
      ST(g0, wasm_f32x4_add(LD(g0), c10));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c11));
      g0 += ldg;
      ST(g0, wasm_f32x4_add(LD(g0), c20));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c21));
      g0 += ldg;
      ST(g0, wasm_f32x4_add(LD(g0), c30));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c31));
    }
    for (int32_t j = cols8; j < cols; j += 1) {
      /* Narrow tails (e.g. the output layer's D columns): four k at once. */
      f4 acc = zero;
      const float *ar = a + k;
      for (int32_t r = 0; r < rows; r += 1, ar += lda) MAC(acc, LD(ar), f4_splat(d[r * ldd + j]));
      for (int32_t q = 0; q < 4; q += 1) {
        g[(k + q) * ldg + j] += wasm_f32x4_extract_lane(acc, 0);
        acc = wasm_i32x4_shuffle(acc, acc, 1, 2, 3, 0);
      }
    }
  }
  for (int32_t k = depth4; k < depth; k += 1) {
    for (int32_t j = 0; j < cols; j += 1) {
      float sum = 0.0f;
      for (int32_t r = 0; r < rows; r += 1) sum += a[r * lda + k] * d[r * ldd + j];
      g[k * ldg + j] += sum;
    }
  }
}

/* g[j] += Σ_r d[r, j]: a bias gradient. */
static inline void column_sums_add(int32_t rows, int32_t cols, const float *d, int32_t ldd, float *g) {
  int32_t j = 0;
  for (; j + 4 <= cols; j += 4) {
    f4 acc = f4_splat(0.0f);
    for (int32_t r = 0; r < rows; r += 1) acc = wasm_f32x4_add(acc, LD(d + r * ldd + j));
    ST(g + j, wasm_f32x4_add(LD(g + j), acc));
  }
  for (; j < cols; j += 1) {
    float sum = 0.0f;
    for (int32_t r = 0; r < rows; r += 1) sum += d[r * ldd + j];
    g[j] += sum;
  }
}

#endif
