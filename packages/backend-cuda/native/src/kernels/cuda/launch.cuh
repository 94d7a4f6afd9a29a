// The CUDA launch policy for kernels/elementwise.h: one grid-stride kernel template, instantiated per body.
#pragma once

#include <algorithm>
#include <cstdint>

#include "device/cuda_check.h"

namespace gen::kernels {

constexpr int kBlockThreads = 256;
/** Enough blocks to fill any current GPU several times over; larger sizes loop inside the kernel. */
constexpr int64_t kMaxBlocks = 65535;

/** Thread t of the grid handles indices t, t + gridSize, t + 2·gridSize, …: coalesced, and any size fits. */
template <class I, class Body>
__global__ void __launch_bounds__(kBlockThreads) gridStrideKernel(I count, Body body) {
  const I stride = static_cast<I>(blockDim.x) * gridDim.x;
  for (I i = static_cast<I>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride) body(i);
}

struct CudaLaunch {
  template <class Body>
  static void run(int64_t count, const Body& body, const char* kernel) {
    if (count <= 0) return;
    const int64_t blocks = std::min((count + kBlockThreads - 1) / kBlockThreads, kMaxBlocks);
    // 32-bit indices whenever i + stride cannot wrap (count ≤ 2³¹ and stride < 2²⁴): cheaper index arithmetic.
    if (count <= INT32_MAX) {
      gridStrideKernel<uint32_t, Body><<<blocks, kBlockThreads>>>(static_cast<uint32_t>(count), body);
    } else {
      gridStrideKernel<int64_t, Body><<<blocks, kBlockThreads>>>(count, body);
    }
    checkLaunch(kernel);
  }
};

}  // namespace gen::kernels
