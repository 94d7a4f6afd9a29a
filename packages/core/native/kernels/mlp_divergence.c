#include "mlp_common.h"

/* Rows per block: the tangents of a block are [rows·D, width], so fewer rows for larger D. */
static inline int32_t divergence_block_rows(const gen_mlp *net) {
  const int32_t rows = 64 / net->dim;
  return rows < 1 ? 1 : rows;
}

int32_t gen_mlp_divergence_scratch_floats(const gen_mlp *net) {
  const int32_t rows = divergence_block_rows(net), widest = max_width(net);
  const int32_t last_in = net->widths[net->layer_count - 1];
  const int32_t floats = aligned4(net->dim * last_in) + aligned4(rows * net->widths[0]) +
                         3 * aligned4(rows * widest) + 2 * aligned4(rows * net->dim * widest);
  const int32_t forward = gen_mlp_forward_scratch_floats(net); /* the no-hidden-layer case runs the forward pass */
  return floats > forward ? floats : forward;
}

void gen_mlp_divergence(const gen_mlp *net, const float *t, const float *x, float *div, float *out, float *scratch,
                        int32_t row_begin, int32_t row_end) {
  const int32_t last = net->layer_count - 1, dim = net->dim, block = divergence_block_rows(net);
  const int32_t widest = max_width(net), last_in = net->widths[last];
  const float *kernel_out = net->kernels[last];
  if (last == 0) {
    /* u is affine in x: ∇·u = Σ_{i<D} W[i, i] for every row. */
    float trace = 0.0f;
    for (int32_t i = 0; i < dim; i += 1) trace += kernel_out[i * dim + i];
    for (int32_t row = row_begin; row < row_end; row += 1) div[row] = trace;
    if (out) gen_mlp_forward(net, t, x, out, 0, scratch, row_begin, row_end);
    return;
  }
  /* Scratch: W_Lᵀ [D, in_L], h₀, h (two), σ'(z), tangents (two). */
  float *kernel_out_t = scratch;
  for (int32_t k = 0; k < last_in; k += 1)
    for (int32_t i = 0; i < dim; i += 1) kernel_out_t[i * last_in + k] = kernel_out[k * dim + i];
  float *h0 = kernel_out_t + aligned4(dim * last_in);
  /* Named buffers, not arrays: an array indexed at run time would live on the C stack. */
  float *const h_a = h0 + aligned4(block * net->widths[0]);
  float *const h_b = h_a + aligned4(block * widest);
  float *const slope = h_b + aligned4(block * widest);
  float *const tangent_a = slope + aligned4(block * widest);
  float *const tangent_b = tangent_a + aligned4(block * dim * widest);
  for (int32_t row = row_begin; row < row_end; row += block) {
    const int32_t rows = row_end - row < block ? row_end - row : block;
    embed_inputs(net, t, x, row, rows, h0);
    const float *h = h0;
    const float *tangent = 0;
    for (int32_t l = 0; l < last; l += 1) {
      const int32_t in = net->widths[l], width = net->widths[l + 1];
      float *next = (l & 1) ? h_b : h_a;
      /* z into slope, σ(z) into next; then slope ← σ'(z). */
      gemm(rows, width, in, h, in, net->packed + packed_offset(net, l, 0), net->biases[l], slope, width, next, width, net->activation);
      for (int32_t i = 0; i < rows * width; i += GEN_LANES) {
        /* widths are whole rows of the dense block, so a tail of < GEN_LANES floats only occurs at the very end */
        if (i + GEN_LANES <= rows * width) {
          vf_store(slope + i, vf_activation_slope(net->activation, vf_load(slope + i), vf_load(next + i)));
        } else {
          for (int32_t q = i; q < rows * width; q += 1) slope[q] = activation_slope1(net->activation, slope[q], next[q]);
        }
      }
      /* Tangents T_{l+1}[r, i, :] = σ'(z_l)[r, :] ⊙ (T_l W_l)[r, i, :], with T₀ W₀ = the first D rows of W₀. */
      float *tangent_next = (l & 1) ? tangent_b : tangent_a;
      if (tangent == 0) {
        for (int32_t r = 0; r < rows; r += 1)
          for (int32_t i = 0; i < dim; i += 1) {
            const float *w = net->kernels[0] + i * width;
            float *tr = tangent_next + (r * dim + i) * width;
            for (int32_t j = 0; j < width; j += 1) tr[j] = w[j];
          }
      } else {
        gemm(rows * dim, width, in, tangent, in, net->packed + packed_offset(net, l, 0), 0, 0, 0, tangent_next, width,
             GEN_NO_ACTIVATION);
      }
      for (int32_t r = 0; r < rows; r += 1) {
        const float *s = slope + r * width;
        for (int32_t i = 0; i < dim; i += 1) {
          float *tr = tangent_next + (r * dim + i) * width;
          int32_t j = 0;
          for (; j + GEN_LANES <= width; j += GEN_LANES) vf_store(tr + j, vf_mul(vf_load(tr + j), vf_load(s + j)));
          for (; j < width; j += 1) tr[j] *= s[j];
        }
      }
      tangent = tangent_next;
      h = next;
    }
    if (out) gemm(rows, dim, last_in, h, last_in, net->packed + packed_offset(net, last, 0), net->biases[last], 0, 0, out + row * dim, dim,
                  GEN_NO_ACTIVATION);
    /* ∇·u = Σ_i Σ_k T_L[r, i, k]·W_L[k, i]. */
    for (int32_t r = 0; r < rows; r += 1) {
      vf acc = vf_splat(0.0f);
      float tail = 0.0f;
      for (int32_t i = 0; i < dim; i += 1) {
        const float *tr = tangent + (r * dim + i) * last_in, *w = kernel_out_t + i * last_in;
        int32_t k = 0;
        for (; k + GEN_LANES <= last_in; k += GEN_LANES) acc = vf_madd(acc, vf_load(tr + k), vf_load(w + k));
        for (; k < last_in; k += 1) tail = f1_madd(tail, tr[k], w[k]);
      }
      div[row + r] = vf_sum(acc) + tail;
    }
  }
}
