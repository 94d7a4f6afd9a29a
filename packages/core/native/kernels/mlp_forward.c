#include "mlp_common.h"

int32_t gen_mlp_tape_width(const gen_mlp *net) { return tape_offset(net, net->layer_count - 1); }

int32_t gen_mlp_forward_scratch_floats(const gen_mlp *net) {
  return aligned4(GEN_BLOCK_ROWS * net->widths[0]) + 2 * aligned4(GEN_BLOCK_ROWS * max_width(net));
}

void gen_mlp_forward(const gen_mlp *net, const float *t, const float *x, float *out, float *tape, float *scratch,
                     int32_t row_begin, int32_t row_end) {
  const int32_t last = net->layer_count - 1, dim = net->dim, tape_width = tape ? gen_mlp_tape_width(net) : 0;
  float *h0 = scratch;
  /* Two named buffers, not an array: an array indexed at run time would live on the C stack. */
  float *const buffer0 = h0 + aligned4(GEN_BLOCK_ROWS * net->widths[0]);
  float *const buffer1 = buffer0 + aligned4(GEN_BLOCK_ROWS * max_width(net));
  for (int32_t row = row_begin; row < row_end; row += GEN_BLOCK_ROWS) {
    const int32_t rows = row_end - row < GEN_BLOCK_ROWS ? row_end - row : GEN_BLOCK_ROWS;
    embed_inputs(net, t, x, row, rows, h0);
    const float *h = h0;
    int32_t ldh = net->widths[0];
    for (int32_t l = 0; l <= last; l += 1) {
      const int32_t in = net->widths[l], width = net->widths[l + 1];
      const float *panels = net->packed + packed_offset(net, l, 0);
      if (l == last) {
        gemm(rows, width, in, h, ldh, panels, net->biases[l], 0, 0, out + row * dim, dim,
             GEN_NO_ACTIVATION);
      } else if (tape) {
        float *z = tape + row * tape_width + tape_offset(net, l);
        gemm(rows, width, in, h, ldh, panels, net->biases[l], z, tape_width, z + width, tape_width,
             net->activation);
        h = z + width;
        ldh = tape_width;
      } else {
        float *next = (l & 1) ? buffer1 : buffer0;
        gemm(rows, width, in, h, ldh, panels, net->biases[l], 0, 0, next, width, net->activation);
        h = next;
        ldh = width;
      }
    }
  }
}
