/* One native build's kernels (gen_kernels.h) as a table of function pointers, so that the addon can pick a build. */
#ifndef GEN_KERNEL_TABLE_H
#define GEN_KERNEL_TABLE_H

#include "../kernels/gen_kernels.h"

typedef struct gen_kernel_table {
  const char *name; /* the instruction set: "avx512" or "avx2" */
  int32_t (*mlp_packed_floats)(const gen_mlp *net, int32_t transposed);
  void (*mlp_pack)(const gen_mlp *net);
  int32_t (*mlp_tape_width)(const gen_mlp *net);
  int32_t (*mlp_forward_scratch_floats)(const gen_mlp *net);
  int32_t (*mlp_backward_scratch_floats)(const gen_mlp *net);
  int32_t (*mlp_divergence_scratch_floats)(const gen_mlp *net);
  void (*mlp_forward)(const gen_mlp *net, const float *t, const float *x, float *out, float *tape, float *scratch,
                      int32_t row_begin, int32_t row_end);
  int32_t (*mlp_delta_width)(const gen_mlp *net);
  void (*mlp_backward_rows)(const gen_mlp *net, const float *t, const float *x, const float *tape, const float *d_out,
                            float *deltas, float *h0, float *d_input, float *scratch, int32_t row_begin,
                            int32_t row_end);
  int32_t (*mlp_gradient_units)(const gen_mlp *net);
  void (*mlp_parameter_grads)(const gen_mlp *net, int32_t rows, const float *tape, const float *d_out,
                              const float *deltas, const float *h0, float *grads, float *scratch, int32_t unit_begin,
                              int32_t unit_end);
  void (*mlp_divergence)(const gen_mlp *net, const float *t, const float *x, float *div, float *out, float *scratch,
                         int32_t row_begin, int32_t row_end);
  void (*adam_update)(float *params, const float *grads, float *m, float *v, float beta1, float one_minus_beta1,
                      float beta2, float one_minus_beta2, float correction1, float correction2, float epsilon,
                      float neg_learning_rate, int32_t row_begin, int32_t row_end);
} gen_kernel_table;

/* The builds, each compiled from kernel_table.c with its own GEN_NATIVE_PREFIX and instruction set. */
extern const gen_kernel_table avx512_kernel_table;
extern const gen_kernel_table avx2_kernel_table;

#endif
