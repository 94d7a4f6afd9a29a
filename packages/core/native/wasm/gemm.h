/* Register-tiled float32 matrix products on wasm SIMD (row-major, leading dimensions in floats). */
#ifndef GEN_GEMM_H
#define GEN_GEMM_H

#include "simd_math.h"

#define GEN_NO_ACTIVATION (-1)

#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store((p), (v))
#define SPLAT1(p) wasm_v128_load32_splat(p)
#define MAC(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))

/* Stores one vector of z = acc + bias: to z_out when given, and act(z) (or z) to c. */
static inline void epilogue4(f4 acc, f4 bias, float *z_out, float *c, int32_t activation) {
  f4 z = wasm_f32x4_add(acc, bias);
  if (z_out) ST(z_out, z);
  ST(c, activation == GEN_NO_ACTIVATION ? z : f4_activate(activation, z));
}

/*
 * c[r, j] = act(Σ_k a[r, k]·b[k, j] + bias[j]) for r < rows, j < cols (bias may be null; act may be
 * GEN_NO_ACTIVATION), with the pre-activation also stored to z (ldz) when z is not null. Tiles of 4 rows × 8
 * columns keep 8 accumulators in registers; the columns beyond a multiple of 8 go 4 at a time, then one by one.
 */
static inline void gemm(int32_t rows, int32_t cols, int32_t depth, const float *a, int32_t lda, const float *b, int32_t ldb,
                 const float *bias, float *z, int32_t ldz, float *c, int32_t ldc, int32_t activation) {
  const f4 zero = f4_splat(0.0f);
  int32_t j = 0;
  for (; j + 8 <= cols; j += 8) {
    const f4 bias0 = bias ? LD(bias + j) : zero, bias1 = bias ? LD(bias + j + 4) : zero;
    int32_t r = 0;
    for (; r + 4 <= rows; r += 4) {
      const float *a0 = a + r * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
      f4 c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
      const float *bk = b + j;
      for (int32_t k = 0; k < depth; k += 1, bk += ldb) {
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
      epilogue4(c00, bias0, zr, cr, activation);
      epilogue4(c01, bias1, zr ? zr + 4 : 0, cr + 4, activation);
      epilogue4(c10, bias0, zr ? zr + ldz : 0, cr + ldc, activation);
      epilogue4(c11, bias1, zr ? zr + ldz + 4 : 0, cr + ldc + 4, activation);
      epilogue4(c20, bias0, zr ? zr + 2 * ldz : 0, cr + 2 * ldc, activation);
      epilogue4(c21, bias1, zr ? zr + 2 * ldz + 4 : 0, cr + 2 * ldc + 4, activation);
      epilogue4(c30, bias0, zr ? zr + 3 * ldz : 0, cr + 3 * ldc, activation);
      epilogue4(c31, bias1, zr ? zr + 3 * ldz + 4 : 0, cr + 3 * ldc + 4, activation);
    }
    for (; r < rows; r += 1) {
      const float *a0 = a + r * lda;
      f4 c00 = zero, c01 = zero;
      const float *bk = b + j;
      for (int32_t k = 0; k < depth; k += 1, bk += ldb) {
        const f4 x = SPLAT1(a0 + k);
        MAC(c00, x, LD(bk));
        MAC(c01, x, LD(bk + 4));
      }
      float *zr = z ? z + r * ldz + j : 0;
      epilogue4(c00, bias0, zr, c + r * ldc + j, activation);
      epilogue4(c01, bias1, zr ? zr + 4 : 0, c + r * ldc + j + 4, activation);
    }
  }
  for (; j + 4 <= cols; j += 4) {
    const f4 bias0 = bias ? LD(bias + j) : zero;
    for (int32_t r = 0; r < rows; r += 1) {
      const float *a0 = a + r * lda;
      f4 c00 = zero;
      const float *bk = b + j;
      for (int32_t k = 0; k < depth; k += 1, bk += ldb) MAC(c00, SPLAT1(a0 + k), LD(bk));
      epilogue4(c00, bias0, z ? z + r * ldz + j : 0, c + r * ldc + j, activation);
    }
  }
  for (; j < cols; j += 1) {
    const float bj = bias ? bias[j] : 0.0f;
    for (int32_t r = 0; r < rows; r += 1) {
      const float *a0 = a + r * lda;
      /* Four partial sums over k (vectorised), then the tail. */
      f4 acc = zero;
      int32_t k = 0;
      for (; k + 4 <= depth; k += 4) {
        const f4 bv = wasm_f32x4_make(b[k * ldb + j], b[(k + 1) * ldb + j], b[(k + 2) * ldb + j], b[(k + 3) * ldb + j]);
        MAC(acc, LD(a0 + k), bv);
      }
      float sum = (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
                  (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
      for (; k < depth; k += 1) sum += a0[k] * b[k * ldb + j];
      const float zv = sum + bj;
      if (z) z[r * ldz + j] = zv;
      c[r * ldc + j] = activation == GEN_NO_ACTIVATION ? zv : activate1(activation, zv);
    }
  }
}

/* g[k, j] += Σ_r a[r, k]·d[r, j] for k < depth, j < cols (g is [depth, cols], dense): a weight gradient aᵀ·d. */
static inline void gemm_at_b_add(int32_t rows, int32_t depth, int32_t cols, const float *a, int32_t lda, const float *d,
                          int32_t ldd, float *g) {
  const f4 zero = f4_splat(0.0f);
  int32_t k = 0;
  for (; k + 4 <= depth; k += 4) {
    int32_t j = 0;
    for (; j + 8 <= cols; j += 8) {
      f4 c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
      const float *ar = a + k, *dr = d + j;
      for (int32_t r = 0; r < rows; r += 1, ar += lda, dr += ldd) {
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
      float *g0 = g + k * cols + j;
      ST(g0, wasm_f32x4_add(LD(g0), c00));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c01));
      g0 += cols;
      ST(g0, wasm_f32x4_add(LD(g0), c10));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c11));
      g0 += cols;
      ST(g0, wasm_f32x4_add(LD(g0), c20));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c21));
      g0 += cols;
      ST(g0, wasm_f32x4_add(LD(g0), c30));
      ST(g0 + 4, wasm_f32x4_add(LD(g0 + 4), c31));
    }
    for (; j < cols; j += 1) {
      /* Narrow tails (e.g. the output layer's D columns): four k at once. */
      f4 acc = zero;
      const float *ar = a + k;
      for (int32_t r = 0; r < rows; r += 1, ar += lda) MAC(acc, LD(ar), f4_splat(d[r * ldd + j]));
      for (int32_t q = 0; q < 4; q += 1) {
        g[(k + q) * cols + j] += wasm_f32x4_extract_lane(acc, 0);
        acc = wasm_i32x4_shuffle(acc, acc, 1, 2, 3, 0);
      }
    }
  }
  for (; k < depth; k += 1) {
    for (int32_t j = 0; j < cols; j += 1) {
      float sum = 0.0f;
      for (int32_t r = 0; r < rows; r += 1) sum += a[r * lda + k] * d[r * ldd + j];
      g[k * cols + j] += sum;
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

/* t[j, i] = w[i, j] for w [rows, cols]. */
static inline void transpose(int32_t rows, int32_t cols, const float *w, float *t) {
  for (int32_t i = 0; i < rows; i += 1)
    for (int32_t j = 0; j < cols; j += 1) t[j * rows + i] = w[i * cols + j];
}

#endif
