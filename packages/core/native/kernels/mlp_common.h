/* Shared layout helpers of the MLP kernels. */
#ifndef GEN_MLP_COMMON_H
#define GEN_MLP_COMMON_H

#include "gemm.h"

/* Rows per block of the forward and backward passes: a block's activations stay in the first cache levels. */
#define GEN_BLOCK_ROWS 32

static inline int32_t max_width(const gen_mlp *net) {
  int32_t widest = 0;
  for (int32_t l = 0; l <= net->layer_count; l += 1)
    if (net->widths[l] > widest) widest = net->widths[l];
  return widest;
}

/* Rounds a float count up to a multiple of 4 (16 bytes), so every scratch buffer stays aligned. */
static inline int32_t aligned4(int32_t floats) { return (floats + 3) & ~3; }

/* h₀ = [x, e(t)] for rows [row, row + rows) into h0 ([rows, widths[0]], dense). */
static inline void embed_inputs(const gen_mlp *net, const float *t, const float *x, int32_t row, int32_t rows, float *h0) {
  const int32_t dim = net->dim, width = net->widths[0], count = net->frequency_count;
  for (int32_t r = 0; r < rows; r += 1) {
    float *out = h0 + r * width;
    const float *xr = x + (row + r) * dim;
    for (int32_t i = 0; i < dim; i += 1) out[i] = xr[i];
    const float time = t[row + r];
    if (count == 0) {
      out[dim] = time;
      continue;
    }
    for (int32_t k = 0; k < count; k += 1) {
      /* As the composite: angle = t·(2π·f_k) in float32. */
      const float angle = time * (net->frequencies[k] * 6.2831854820251465f);
      out[dim + k] = sincos1(angle, 0);
      out[dim + count + k] = sincos1(angle, 1);
    }
  }
}

/* The offset of layer l's panels within net->packed (transposed = 0) or net->packed_t (1). */
static inline int32_t packed_offset(const gen_mlp *net, int32_t l, int32_t transposed) {
  int32_t offset = 0;
  for (int32_t i = 0; i < l; i += 1)
    offset += transposed ? panel_floats(net->widths[i + 1], net->widths[i]) : panel_floats(net->widths[i], net->widths[i + 1]);
  return offset;
}

/* The offset of hidden layer l's z within a tape row (its h = σ(z) follows at + widths[l + 1]). */
static inline int32_t tape_offset(const gen_mlp *net, int32_t l) {
  int32_t offset = 0;
  for (int32_t i = 0; i < l; i += 1) offset += 2 * net->widths[i + 1];
  return offset;
}

#endif
