// Row reductions on the GPU. Block b folds rows b, b + gridDim, …: its threads first fold strided runs of the row
// (thread t takes elements t, t + blockDim, …, so reads are coalesced), then halve the partial results in shared
// memory — step s combines partial[t] with partial[t + s] — until partial[0] holds the row's result.
#include <algorithm>

#include "device/cuda_check.h"
#include "kernels/kernels.h"
#include "math/reduce_ops.h"

namespace gen::kernels {
namespace {

constexpr int kMaxReduceThreads = 256;

template <class Combine>
__global__ void __launch_bounds__(kMaxReduceThreads)
    reduceRows(const typename Combine::T* x, typename Combine::T* out, int64_t outer, int64_t reduceSize) {
  using T = typename Combine::T;
  __shared__ T partial[kMaxReduceThreads];
  const Combine combine;
  const int t = threadIdx.x;
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x) {
    const T* values = x + row * reduceSize;
    T acc = Combine::identity();
    for (int64_t j = t; j < reduceSize; j += blockDim.x) acc = combine(acc, values[j]);
    partial[t] = acc;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s /= 2) {
      if (t < s) partial[t] = combine(partial[t], partial[t + s]);
      __syncthreads();
    }
    if (t == 0) out[row] = partial[0];
    // The next row reuses `partial`: wait until thread 0 has read it.
    __syncthreads();
  }
}

/** A power of two (the halving needs one) between a warp and kMaxReduceThreads, no larger than the row needs. */
int reduceThreads(int64_t reduceSize) {
  int threads = 32;
  while (threads < kMaxReduceThreads && threads < reduceSize) threads *= 2;
  return threads;
}

}  // namespace

void reduce(int op, const void* x, void* out, int64_t outer, int64_t reduceSize) {
  if (outer <= 0) return;
  visitReduceOp(op, [&](auto combine) {
    using Combine = decltype(combine);
    using T = typename Combine::T;
    const int blocks = static_cast<int>(std::min<int64_t>(outer, 65535));
    reduceRows<Combine><<<blocks, reduceThreads(reduceSize)>>>(static_cast<const T*>(x), static_cast<T*>(out), outer,
                                                               reduceSize);
    checkLaunch("reduce");
  });
}

}  // namespace gen::kernels
