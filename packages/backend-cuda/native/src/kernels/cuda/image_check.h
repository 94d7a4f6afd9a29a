// Whether the current GPU can run this build's kernels (a cubin for its architecture, or PTX it can JIT compile).
#pragma once

#include <cuda_runtime_api.h>

namespace gen::kernels {

/** cudaSuccess, or the error cudaFuncGetAttributes gives for a kernel of this build on the current device. */
cudaError_t checkKernelImage() noexcept;

}  // namespace gen::kernels
