/* Register-tiled float32 matrix products on SIMD vectors (row-major, leading dimensions in floats). */
#ifndef GEN_GEMM_H
#define GEN_GEMM_H

#include "simd_math.h"

#define GEN_NO_ACTIVATION (-1)

/* Floats of B [depth, cols] packed into panels of GEN_PANEL columns (the last one padded with zeros). */
static inline int32_t panel_floats(int32_t depth, int32_t cols) {
  return (cols + GEN_PANEL - 1) / GEN_PANEL * GEN_PANEL * depth;
}

/*
 * Packs B, element (k, j) at b[k·k_stride + j·j_stride] for k < depth, j < cols, into panels: panel p holds
 * columns [P·p, P·p + P) (P = GEN_PANEL) as [depth][P] (contiguous), columns past cols are zero. k_stride = cols,
 * j_stride = 1 packs a row-major [depth, cols] matrix (P consecutive floats per step); k_stride = 1, j_stride =
 * depth packs the transpose of a [cols, depth] one.
 */
static inline void pack_panels(int32_t depth, int32_t cols, const float *b, int32_t k_stride, int32_t j_stride,
                               float *panels) {
  for (int32_t j = 0; j < cols; j += GEN_PANEL, panels += GEN_PANEL * depth) {
    const int32_t width = cols - j < GEN_PANEL ? cols - j : GEN_PANEL;
    if (width == GEN_PANEL && j_stride == 1) {
      for (int32_t k = 0; k < depth; k += 1) {
        const float *bk = b + k * k_stride + j;
        vf_store(panels + k * GEN_PANEL, vf_load(bk));
        vf_store(panels + k * GEN_PANEL + GEN_LANES, vf_load(bk + GEN_LANES));
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

/* Stores the first `width` lanes of v to p (all of them when width ≥ GEN_LANES). */
static inline void store_lanes(float *p, vf v, int32_t width) {
  if (width >= GEN_LANES)
    vf_store(p, v);
  else
    vf_store_first(p, v, width);
}

/* Stores a panel's columns (acc0 the first GEN_LANES, acc1 the rest) of one output row, `width` of them valid. */
static inline void epilogue(vf acc0, vf acc1, const float *bias, float *z, float *c, int32_t width, int32_t activation) {
  if (width == GEN_PANEL) {
    if (bias) {
      acc0 = vf_add(acc0, vf_load(bias));
      acc1 = vf_add(acc1, vf_load(bias + GEN_LANES));
    }
    if (z) {
      vf_store(z, acc0);
      vf_store(z + GEN_LANES, acc1);
    }
    vf_store(c, activation == GEN_NO_ACTIVATION ? acc0 : vf_activate(activation, acc0));
    vf_store(c + GEN_LANES, activation == GEN_NO_ACTIVATION ? acc1 : vf_activate(activation, acc1));
    return;
  }
  if (bias) {
    /* Only the valid columns of the bias exist. */
    acc0 = vf_add(acc0, width >= GEN_LANES ? vf_load(bias) : vf_load_first(bias, width));
    if (width > GEN_LANES) acc1 = vf_add(acc1, vf_load_first(bias + GEN_LANES, width - GEN_LANES));
  }
  if (z) {
    store_lanes(z, acc0, width);
    store_lanes(z + GEN_LANES, acc1, width - GEN_LANES);
  }
  if (activation != GEN_NO_ACTIVATION) {
    acc0 = vf_activate(activation, acc0);
    acc1 = vf_activate(activation, acc1);
  }
  store_lanes(c, acc0, width);
  store_lanes(c + GEN_LANES, acc1, width - GEN_LANES);
}

/*
 * c[r, j] = act(Σ_k a[r, k]·b[k, j] + bias[j]) for r < rows, j < cols, with B given as panels (pack_panels), bias
 * null or [cols], act GEN_NO_ACTIVATION or a GEN_ACTIVATION_*; the pre-activation also goes to z (ldz) when z is
 * not null. Tiles of GEN_TILE_ROWS rows × one panel keep 2·GEN_TILE_ROWS vector accumulators in registers (fully
 * unrolled: the arrays never reach memory); each step over k reads a panel row of GEN_PANEL consecutive floats.
 */
static inline void gemm(int32_t rows, int32_t cols, int32_t depth, const float *a, int32_t lda, const float *panels,
                        const float *bias, float *z, int32_t ldz, float *c, int32_t ldc, int32_t activation) {
  const vf zero = vf_splat(0.0f);
  for (int32_t j = 0; j < cols; j += GEN_PANEL, panels += GEN_PANEL * depth) {
    const int32_t width = cols - j < GEN_PANEL ? cols - j : GEN_PANEL;
    const float *bias_j = bias ? bias + j : 0;
    int32_t r = 0;
    for (; r + GEN_TILE_ROWS <= rows; r += GEN_TILE_ROWS) {
      vf acc0[GEN_TILE_ROWS], acc1[GEN_TILE_ROWS];
      for (int32_t i = 0; i < GEN_TILE_ROWS; i += 1) acc0[i] = acc1[i] = zero;
      const float *ar = a + r * lda;
      const float *bk = panels;
      for (int32_t k = 0; k < depth; k += 1, bk += GEN_PANEL) {
        const vf b0 = vf_load(bk), b1 = vf_load(bk + GEN_LANES);
        for (int32_t i = 0; i < GEN_TILE_ROWS; i += 1) {
          const vf x = vf_load_splat(ar + i * lda + k);
          acc0[i] = vf_madd(acc0[i], x, b0);
          acc1[i] = vf_madd(acc1[i], x, b1);
        }
      }
      for (int32_t i = 0; i < GEN_TILE_ROWS; i += 1)
        epilogue(acc0[i], acc1[i], bias_j, z ? z + (r + i) * ldz + j : 0, c + (r + i) * ldc + j, width, activation);
    }
    for (; r < rows; r += 1) {
      const float *a0 = a + r * lda;
      vf c00 = zero, c01 = zero;
      const float *bk = panels;
      for (int32_t k = 0; k < depth; k += 1, bk += GEN_PANEL) {
        const vf x = vf_load_splat(a0 + k);
        c00 = vf_madd(c00, x, vf_load(bk));
        c01 = vf_madd(c01, x, vf_load(bk + GEN_LANES));
      }
      epilogue(c00, c01, bias_j, z ? z + r * ldz + j : 0, c + r * ldc + j, width, activation);
    }
  }
}

/* g += acc for two vectors of a row of g. */
static inline void add_row(float *g, vf acc0, vf acc1) {
  vf_store(g, vf_add(vf_load(g), acc0));
  vf_store(g + GEN_LANES, vf_add(vf_load(g + GEN_LANES), acc1));
}

/*
 * g[k, j] += Σ_r a[r, k]·d[r, j] for k < depth, j < cols (row k of g at g + k·ldg): a weight gradient aᵀ·d.
 * Whole tiles of T = GEN_TILE_ROWS rows of g × GEN_PANEL columns first copy a and d into scratch
 * (rows·(depth + cols) floats) as [depth/T][rows][T] and [cols/P][rows][P], so that the sums stream through
 * contiguous memory instead of two rows far apart per step; the columns past a multiple of P go four rows of g at a
 * time, the rows of g past a multiple of T one by one (a panel at a time, then column by column). Every entry sums its rows in order (with the multiply–add
 * of vf_madd, f4_madd and f1_madd alike) and then adds the sum to g, on each of these paths, so the result does not
 * depend on how a caller splits k and j.
 */
static inline void gemm_at_b_add(int32_t rows, int32_t depth, int32_t cols, const float *a, int32_t lda, const float *d,
                                 int32_t ldd, float *g, int32_t ldg, float *scratch) {
  const int32_t depth_t = depth / GEN_TILE_ROWS * GEN_TILE_ROWS, cols_p = cols / GEN_PANEL * GEN_PANEL;
  float *const ap = scratch, *const dp = scratch + rows * depth_t;
  for (int32_t k = 0; k < depth_t; k += GEN_TILE_ROWS)
    for (int32_t r = 0; r < rows; r += 1)
      for (int32_t q = 0; q < GEN_TILE_ROWS; q += 4)
        f4_store(ap + k * rows + r * GEN_TILE_ROWS + q, f4_load(a + r * lda + k + q));
  for (int32_t j = 0; j < cols_p; j += GEN_PANEL)
    for (int32_t r = 0; r < rows; r += 1) {
      vf_store(dp + j * rows + r * GEN_PANEL, vf_load(d + r * ldd + j));
      vf_store(dp + j * rows + r * GEN_PANEL + GEN_LANES, vf_load(d + r * ldd + j + GEN_LANES));
    }
  const vf zero = vf_splat(0.0f);
  for (int32_t k = 0; k < depth_t; k += GEN_TILE_ROWS) {
    for (int32_t j = 0; j < cols_p; j += GEN_PANEL) {
      vf acc0[GEN_TILE_ROWS], acc1[GEN_TILE_ROWS];
      for (int32_t i = 0; i < GEN_TILE_ROWS; i += 1) acc0[i] = acc1[i] = zero;
      const float *ar = ap + k * rows, *dr = dp + j * rows;
      for (int32_t r = 0; r < rows; r += 1, ar += GEN_TILE_ROWS, dr += GEN_PANEL) {
        const vf d0 = vf_load(dr), d1 = vf_load(dr + GEN_LANES);
        for (int32_t i = 0; i < GEN_TILE_ROWS; i += 1) {
          const vf x = vf_load_splat(ar + i);
          acc0[i] = vf_madd(acc0[i], x, d0);
          acc1[i] = vf_madd(acc1[i], x, d1);
        }
      }
      for (int32_t i = 0; i < GEN_TILE_ROWS; i += 1) add_row(g + (k + i) * ldg + j, acc0[i], acc1[i]);
    }
    for (int32_t j = cols_p; j < cols; j += 1) {
      /* Narrow tails (e.g. the output layer's D columns): four k at once. */
      for (int32_t q = k; q < k + GEN_TILE_ROWS; q += 4) {
        f4 acc = f4_splat(0.0f);
        const float *ar = a + q;
        for (int32_t r = 0; r < rows; r += 1, ar += lda) acc = f4_madd(acc, f4_load(ar), f4_splat(d[r * ldd + j]));
        g[q * ldg + j] += F4_LANE(acc, 0);
        g[(q + 1) * ldg + j] += F4_LANE(acc, 1);
        g[(q + 2) * ldg + j] += F4_LANE(acc, 2);
        g[(q + 3) * ldg + j] += F4_LANE(acc, 3);
      }
    }
  }
  for (int32_t k = depth_t; k < depth; k += 1) {
    /* The rows of g past the tiles: one row × one panel at a time (from the packed d), then the narrow tail. */
    for (int32_t j = 0; j < cols_p; j += GEN_PANEL) {
      vf acc0 = zero, acc1 = zero;
      const float *dr = dp + j * rows;
      for (int32_t r = 0; r < rows; r += 1, dr += GEN_PANEL) {
        const vf x = vf_load_splat(a + r * lda + k);
        acc0 = vf_madd(acc0, x, vf_load(dr));
        acc1 = vf_madd(acc1, x, vf_load(dr + GEN_LANES));
      }
      add_row(g + k * ldg + j, acc0, acc1);
    }
    for (int32_t j = cols_p; j < cols; j += 1) {
      float sum = 0.0f;
      for (int32_t r = 0; r < rows; r += 1) sum = f1_madd(sum, a[r * lda + k], d[r * ldd + j]);
      g[k * ldg + j] += sum;
    }
  }
}

/* g[j] += Σ_r d[r, j]: a bias gradient. */
static inline void column_sums_add(int32_t rows, int32_t cols, const float *d, int32_t ldd, float *g) {
  int32_t j = 0;
  for (; j + GEN_LANES <= cols; j += GEN_LANES) {
    vf acc = vf_splat(0.0f);
    for (int32_t r = 0; r < rows; r += 1) acc = vf_add(acc, vf_load(d + r * ldd + j));
    vf_store(g + j, vf_add(vf_load(g + j), acc));
  }
  for (; j < cols; j += 1) {
    float sum = 0.0f;
    for (int32_t r = 0; r < rows; r += 1) sum += d[r * ldd + j];
    g[j] += sum;
  }
}

#endif
