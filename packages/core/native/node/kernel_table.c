/* Compiled once per build (GEN_NATIVE_PREFIX avx512_ or avx2_): that build's kernels as a table. */
#include "kernel_table.h"

#define GEN_STRING_(x) #x
#define GEN_STRING(x) GEN_STRING_(x)

const gen_kernel_table GEN_NATIVE_NAME(kernel_table) = {
    .name = GEN_STRING(GEN_NATIVE_ISA),
    .mlp_packed_floats = gen_mlp_packed_floats,
    .mlp_pack = gen_mlp_pack,
    .mlp_tape_width = gen_mlp_tape_width,
    .mlp_forward_scratch_floats = gen_mlp_forward_scratch_floats,
    .mlp_backward_scratch_floats = gen_mlp_backward_scratch_floats,
    .mlp_divergence_scratch_floats = gen_mlp_divergence_scratch_floats,
    .mlp_forward = gen_mlp_forward,
    .mlp_delta_width = gen_mlp_delta_width,
    .mlp_backward_rows = gen_mlp_backward_rows,
    .mlp_gradient_units = gen_mlp_gradient_units,
    .mlp_parameter_grads = gen_mlp_parameter_grads,
    .mlp_divergence = gen_mlp_divergence,
    .adam_update = gen_adam_update,
};
