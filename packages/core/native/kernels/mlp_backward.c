#include "mlp_common.h"

/* Rows per block of the parameter gradients' sums: each block's partial sums are added in row order (a block of
 * 32 rows of the packed activations and deltas stays in the first-level cache). */
#define GEN_GRAD_BLOCK_ROWS 32

int32_t gen_mlp_backward_scratch_floats(const gen_mlp *net) {
  /* The rows' ∂L/∂h of a block, or a block of h and of ∂L/∂z packed for the parameter gradients. */
  const int32_t rows = aligned4(GEN_BLOCK_ROWS * max_width(net)), grads = 2 * GEN_GRAD_BLOCK_ROWS * max_width(net);
  return rows > grads ? rows : grads;
}

int32_t gen_mlp_delta_width(const gen_mlp *net) { return gen_mlp_tape_width(net) / 2; }

/* The offset of hidden layer l's ∂L/∂z_l within a row of the deltas. */
static inline int32_t delta_offset(const gen_mlp *net, int32_t l) { return tape_offset(net, l) / 2; }

void gen_mlp_backward_rows(const gen_mlp *net, const float *t, const float *x, const float *tape, const float *d_out,
                           float *deltas, float *h0, float *d_input, float *scratch, int32_t row_begin,
                           int32_t row_end) {
  const int32_t last = net->layer_count - 1, dim = net->dim, tape_width = gen_mlp_tape_width(net);
  const int32_t delta_width = tape_width / 2, in0 = net->widths[0];
  float *const dh = scratch;
  for (int32_t row = row_begin; row < row_end; row += GEN_BLOCK_ROWS) {
    const int32_t rows = row_end - row < GEN_BLOCK_ROWS ? row_end - row : GEN_BLOCK_ROWS;
    embed_inputs(net, t, x, row, rows, h0 + row * in0);
    const float *dz = d_out + row * dim; /* ∂L/∂z_l of the block */
    int32_t lddz = dim;
    for (int32_t l = last; l >= 0; l -= 1) {
      const int32_t in = net->widths[l], width = net->widths[l + 1];
      const float *wt = net->packed_t + packed_offset(net, l, 1);
      if (l == 0) {
        if (d_input) gemm(rows, in, width, dz, lddz, wt, 0, 0, 0, d_input + row * in, in, GEN_NO_ACTIVATION);
        break;
      }
      /* ∂L/∂h_l = dz·W_lᵀ, then ∂L/∂z_{l−1} = ∂L/∂h_l ⊙ σ'(z_{l−1}) into the deltas. */
      gemm(rows, in, width, dz, lddz, wt, 0, 0, 0, dh, in, GEN_NO_ACTIVATION);
      const float *z = tape + row * tape_width + tape_offset(net, l - 1);
      float *delta = deltas + row * delta_width + delta_offset(net, l - 1);
      for (int32_t r = 0; r < rows; r += 1) {
        const float *zr = z + r * tape_width, *hr = zr + in, *dr = dh + r * in;
        float *out = delta + r * delta_width;
        int32_t j = 0;
        for (; j + GEN_LANES <= in; j += GEN_LANES)
          vf_store(out + j, vf_mul(vf_load(dr + j), vf_activation_slope(net->activation, vf_load(zr + j), vf_load(hr + j))));
        for (; j < in; j += 1) out[j] = dr[j] * activation_slope1(net->activation, zr[j], hr[j]);
      }
      dz = delta;
      lddz = delta_width;
    }
  }
}

int32_t gen_mlp_gradient_units(const gen_mlp *net) {
  int32_t units = 0;
  for (int32_t l = 0; l < net->layer_count; l += 1) units += net->widths[l] + 1;
  return units;
}

void gen_mlp_parameter_grads(const gen_mlp *net, int32_t rows, const float *tape, const float *d_out,
                             const float *deltas, const float *h0, float *grads, float *scratch, int32_t unit_begin,
                             int32_t unit_end) {
  const int32_t last = net->layer_count - 1, tape_width = gen_mlp_tape_width(net), delta_width = tape_width / 2;
  int32_t first_unit = 0; /* layer l's first unit */
  float *grad = grads;   /* layer l's ∂L/∂W_l, then ∂L/∂b_l */
  for (int32_t l = 0; l <= last; l += 1) {
    const int32_t in = net->widths[l], width = net->widths[l + 1];
    /* The range's units within this layer: rows k of ∂L/∂W_l for k < in, and ∂L/∂b_l as unit in. */
    const int32_t begin = unit_begin > first_unit ? unit_begin - first_unit : 0;
    const int32_t end = unit_end - first_unit < in + 1 ? unit_end - first_unit : in + 1;
    if (begin < end) {
      const float *h = l == 0 ? h0 : tape + tape_offset(net, l - 1) + in;
      const int32_t ldh = l == 0 ? in : tape_width;
      const float *dz = l == last ? d_out : deltas + delta_offset(net, l);
      const int32_t lddz = l == last ? net->dim : delta_width;
      const int32_t k_end = end < in ? end : in;
      float *bias = grad + in * width;
      if (begin < k_end)
        for (int32_t i = begin * width; i < k_end * width; i += 1) grad[i] = 0.0f;
      if (end == in + 1)
        for (int32_t j = 0; j < width; j += 1) bias[j] = 0.0f;
      /* Σ over all rows, block by block in row order: the same sums whichever units a call covers. */
      for (int32_t row = 0; row < rows; row += GEN_GRAD_BLOCK_ROWS) {
        const int32_t block = rows - row < GEN_GRAD_BLOCK_ROWS ? rows - row : GEN_GRAD_BLOCK_ROWS;
        if (begin < k_end)
          gemm_at_b_add(block, k_end - begin, width, h + row * ldh + begin, ldh, dz + row * lddz, lddz,
                        grad + begin * width, width, scratch);
        if (end == in + 1) column_sums_add(block, width, dz + row * lddz, lddz, bias);
      }
    }
    first_unit += in + 1;
    grad += in * width + width;
  }
}
