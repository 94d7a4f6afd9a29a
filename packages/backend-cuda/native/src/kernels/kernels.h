// The kernels the addon launches. Two builds implement this interface: kernels/cuda (GPU kernels, asynchronous on
// the default stream) and kernels/host (the same element math as loops on the CPU).
//
// Pointers are device pointers (plain host memory in the host build) that the addon has already checked: every
// element a kernel reads or writes lies inside its buffer, element types match the op, and sizes are ≥ 0. Kernels
// throw gen::Error naming the kernel when a launch fails.
#pragma once

#include <cstdint>

#include "math/sgemm_tiles.h"
#include "math/strided.h"

namespace gen::kernels {

/** Terms one linearCombination launch folds; the addon splits longer lists into several launches. */
constexpr int kMaxLinearTerms = 32;

/** The terms and their float32 coefficients, passed by value so that the GPU reads them from constant memory. */
struct LinearTerms {
  int count;
  const float* terms[kMaxLinearTerms];
  float coefficients[kMaxLinearTerms];
};

/** out[i] = f(x[i], alpha), f the UNARY_OP functor for `op`. */
void unary(int op, const float* x, float* out, int64_t size, float alpha);

/** out[i] = f(a[offset₀(i)], b[offset₁(i)]) over the walk of `layout` (operand 0 is a, 1 is b); out is contiguous. */
void binary(int op, const void* a, const void* b, void* out, const StridedLayout<2>& layout);

/** out[i] = cond[i] ? a[i] : b[i] for elements of `elementBytes` (1 or 4). */
void select(const uint8_t* cond, const void* a, const void* b, void* out, int64_t size, int elementBytes);

/** out[i] = x[i] is neither infinite nor NaN. */
void isFinite(const float* x, uint8_t* out, int64_t size);

/** out[r] = fold of x[r·reduceSize .. (r+1)·reduceSize) with the REDUCE_OP `op`, for r < outer. */
void reduce(int op, const void* x, void* out, int64_t outer, int64_t reduceSize);

/** The batched SGEMM of sgemm_tiles.h. */
void matmul(const sgemm::Problem& problem);

/** dst[offset₁(i)] = src[offset₀(i)] over the walk of `layout` (operand 0 is src, 1 is dst). */
void copyStrided(const void* src, void* dst, const StridedLayout<2>& layout, int elementBytes);

/** out[i] = x[tileSourceOffset(i)] over the row-major walk of layout.outShape. */
void tile(const void* x, void* out, const TileLayout& layout, int elementBytes);

/** out[o, j, i] = x[o, indices[j], i], or 0 where indices[j] ∉ [0, axisSize). */
void gather(const void* x, const int32_t* indices, void* out, int64_t outer, int64_t axisSize, int64_t inner,
            int64_t indexCount, int elementBytes);

/** Writes the `elementBytes`-wide bit pattern (the low byte when 1) to out[0..size). */
void fill(void* out, int64_t size, uint32_t pattern, int elementBytes);

/** out[i] = x[i] converted from DType `fromDtype` to `toDtype` (see math/convert.h). */
void cast(const void* x, int fromDtype, void* out, int toDtype, int64_t size);

/** out[r·depth + j] = indices[r] == j ? onValue : offValue for r < n, j < depth. */
void oneHot(const int32_t* indices, float* out, int64_t n, int64_t depth, float onValue, float offValue);

/** out[i] = base[i] + Σ_j coefficients[j]·terms[j][i], summed in order j = 0, 1, … with fmaf. */
void linearCombination(const float* base, const LinearTerms& terms, float* out, int64_t size);

}  // namespace gen::kernels
