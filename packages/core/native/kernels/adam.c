#include "simd_math.h"

void gen_adam_update(float *params, const float *grads, float *m, float *v, float beta1, float one_minus_beta1,
                     float beta2, float one_minus_beta2, float correction1, float correction2, float epsilon,
                     float neg_learning_rate, int32_t row_begin, int32_t row_end) {
  /* Scalar, in tfjs's order of float32 operations; the compiler vectorises it (no FMA exists to contract to). */
  for (int32_t i = row_begin; i < row_end; i += 1) {
    const float g = grads[i];
    const float mi = m[i] * beta1 + g * one_minus_beta1;
    const float vi = v[i] * beta2 + (g * g) * one_minus_beta2;
    m[i] = mi;
    v[i] = vi;
    params[i] = ((mi / correction1) / (__builtin_sqrtf(vi / correction2) + epsilon)) * neg_learning_rate + params[i];
  }
}
