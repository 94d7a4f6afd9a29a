// Row reductions on the GPU. Block b folds rows b, b + gridDim, …: its threads first fold strided runs of the row
// (thread t takes elements t, t + blockDim, …, so reads are coalesced), then halve the partial results in shared
// memory — step s combines partial[t] with partial[t + s] — until partial[0] holds the row's result. The order is
// the one math/reduce_ops.h describes, which the host build follows too.
#include <algorithm>

#include "device/cuda_check.h"
#include "kernels/kernels.h"
#include "math/reduce_ops.h"

namespace gen::kernels {
namespace {

/** Launched with blockDim.x = reduceThreads(reduceSize): a power of two ≤ kMaxReduceThreads, the size of `partial`. */
template <class Combine>
__global__ void __launch_bounds__(kMaxReduceThreads)
    reduceRows(const typename Combine::T* x, typename Combine::T* out, int64_t outer, int64_t reduceSize) {
  using T = typename Combine::T;
  __shared__ T partial[kMaxReduceThreads];
  const Combine combine;
  const int t = threadIdx.x;
  const int threads = blockDim.x;
  // Every loop bound below is the same for all threads of the block, so each __syncthreads is reached by all.
  for (int64_t row = blockIdx.x; row < outer; row += gridDim.x) {
    partial[t] = foldStrided<Combine>(x + row * reduceSize, reduceSize, t, threads);
    __syncthreads();
    for (int s = threads / 2; s > 0; s /= 2) {
      if (t < s) partial[t] = combine(partial[t], partial[t + s]);
      __syncthreads();
    }
    if (t == 0) out[row] = partial[0];
    // The next row reuses `partial`: wait until thread 0 has read it.
    __syncthreads();
  }
}

}  // namespace

void reduce(int op, const void* x, void* out, int64_t outer, int64_t reduceSize) {
  if (outer <= 0) return;
  visitReduceOp(op, [&](auto combine) {
    using Combine = decltype(combine);
    using T = typename Combine::T;
    // gridDim.x may reach 2³¹ − 1, but 65535 blocks fill any GPU; the rest loop inside the kernel.
    const auto blocks = static_cast<unsigned>(std::min<int64_t>(outer, 65535));
    const auto threads = static_cast<unsigned>(reduceThreads(reduceSize));
    launchChecked("reduce", [&] {
      reduceRows<Combine><<<blocks, threads>>>(static_cast<const T*>(x), static_cast<T*>(out), outer, reduceSize);
    });
  });
}

}  // namespace gen::kernels
