// The CUDA launch policy for kernels/elementwise.h: one grid-stride kernel template, instantiated per body.
#pragma once

#include <cstdint>

#include "device/cuda_check.h"
#include "kernels/grid.h"

namespace gen::kernels {

/** Thread t of the grid handles indices t, t + gridSize, t + 2·gridSize, …: coalesced, and any size fits. */
template <class I, class Body>
__global__ void __launch_bounds__(kBlockThreads) gridStrideKernel(I count, Body body) {
  const I stride = static_cast<I>(blockDim.x) * gridDim.x;
  for (I i = static_cast<I>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride) body(i);
}

struct CudaLaunch {
  /** Queues body(i) for every i < count (the body is copied into the kernel's parameters). */
  template <class Body>
  static void run(int64_t count, const Body& body, const char* kernel) {
    if (count <= 0) return;
    const auto blocks = static_cast<unsigned>(gridStrideBlocks(count));
    launchChecked(kernel, [&] {
      if (fitsUint32Index(count)) {
        gridStrideKernel<uint32_t, Body><<<blocks, kBlockThreads>>>(static_cast<uint32_t>(count), body);
      } else {
        gridStrideKernel<int64_t, Body><<<blocks, kBlockThreads>>>(count, body);
      }
    });
  }
};

}  // namespace gen::kernels
