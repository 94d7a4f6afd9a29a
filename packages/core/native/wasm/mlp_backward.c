#include "mlp_common.h"

int32_t gen_mlp_backward_scratch_floats(const gen_mlp *net) {
  return aligned4(GEN_BLOCK_ROWS * net->widths[0]) + 2 * aligned4(GEN_BLOCK_ROWS * max_width(net));
}

void gen_mlp_backward(const gen_mlp *net, const float *t, const float *x, const float *tape, const float *d_out,
                      float *grads, float *d_input, float *scratch, int32_t row_begin, int32_t row_end) {
  const int32_t last = net->layer_count - 1, dim = net->dim, tape_width = gen_mlp_tape_width(net);
  /* Scratch: h₀ of a block, two block gradients. The products with W_lᵀ read net->packed_t. */
  float *h0 = scratch;
  /* Two named buffers, not an array: an array indexed at run time would live on the C stack. */
  float *const buffer0 = h0 + aligned4(GEN_BLOCK_ROWS * net->widths[0]);
  float *const buffer1 = buffer0 + aligned4(GEN_BLOCK_ROWS * max_width(net));
  for (int32_t row = row_begin; row < row_end; row += GEN_BLOCK_ROWS) {
    const int32_t rows = row_end - row < GEN_BLOCK_ROWS ? row_end - row : GEN_BLOCK_ROWS;
    embed_inputs(net, t, x, row, rows, h0);
    const float *dz = d_out + row * dim; /* ∂L/∂z_l of the block */
    int32_t lddz = dim;
    float *grad = grads;
    /* Parameter gradients are laid out layer by layer; walk to the last layer's first. */
    for (int32_t l = 0; l < last; l += 1) grad += net->widths[l] * net->widths[l + 1] + net->widths[l + 1];
    for (int32_t l = last; l >= 0; l -= 1) {
      const int32_t in = net->widths[l], width = net->widths[l + 1];
      const float *wt = net->packed_t + packed_offset(net, l, 1);
      const float *h = l == 0 ? h0 : tape + row * tape_width + tape_offset(net, l - 1) + in;
      const int32_t ldh = l == 0 ? in : tape_width;
      gemm_at_b_add(rows, in, width, h, ldh, dz, lddz, grad);
      column_sums_add(rows, width, dz, lddz, grad + in * width);
      if (l == 0) {
        if (d_input) gemm(rows, in, width, dz, lddz, wt, 0, 0, 0, d_input + row * in, in, GEN_NO_ACTIVATION);
        break;
      }
      /* ∂L/∂h_l = dz·W_lᵀ, then ∂L/∂z_{l−1} = ∂L/∂h_l ⊙ σ'(z_{l−1}). */
      float *dh = (l & 1) ? buffer1 : buffer0;
      gemm(rows, in, width, dz, lddz, wt, 0, 0, 0, dh, in, GEN_NO_ACTIVATION);
      const float *z = tape + row * tape_width + tape_offset(net, l - 1);
      for (int32_t r = 0; r < rows; r += 1) {
        const float *zr = z + r * tape_width, *hr = zr + in;
        float *dr = dh + r * in;
        int32_t j = 0;
        for (; j + 4 <= in; j += 4)
          ST(dr + j, wasm_f32x4_mul(LD(dr + j), f4_activation_slope(net->activation, LD(zr + j), LD(hr + j))));
        for (; j < in; j += 1) dr[j] *= activation_slope1(net->activation, zr[j], hr[j]);
      }
      dz = dh;
      lddz = in;
      const int32_t below = net->widths[l - 1];
      grad -= below * in + in;
    }
  }
}
