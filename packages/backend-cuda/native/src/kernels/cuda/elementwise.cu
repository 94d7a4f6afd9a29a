// The elementwise and data-movement kernels of the CUDA build: the shared drivers with the grid-stride launch policy.
#include "kernels/cuda/image_check.h"
#include "kernels/cuda/launch.cuh"
#include "kernels/elementwise.h"

namespace gen::kernels {

using Device = Elementwise<CudaLaunch>;

void unary(int op, const float* x, float* out, int64_t size, float alpha) { Device::unary(op, x, out, size, alpha); }

void binary(int op, const void* a, const void* b, void* out, const StridedLayout<2>& layout) {
  Device::binary(op, a, b, out, layout);
}

void select(const uint8_t* cond, const void* a, const void* b, void* out, int64_t size, int elementBytes) {
  Device::select(cond, a, b, out, size, elementBytes);
}

void isFinite(const float* x, uint8_t* out, int64_t size) { Device::isFinite(x, out, size); }

void fill(void* out, int64_t size, uint32_t pattern, int elementBytes) {
  Device::fill(out, size, pattern, elementBytes);
}

void cast(const void* x, int fromDtype, void* out, int toDtype, int64_t size) {
  Device::cast(x, fromDtype, out, toDtype, size);
}

void oneHot(const int32_t* indices, float* out, int64_t n, int64_t depth, float onValue, float offValue) {
  Device::oneHot(indices, out, n, depth, onValue, offValue);
}

void linearCombination(const float* base, const LinearTerms& terms, float* out, int64_t size) {
  Device::linearCombination(base, terms, out, size);
}

void copyStrided(const void* src, void* dst, const StridedLayout<2>& layout, int elementBytes) {
  Device::copyStrided(src, dst, layout, elementBytes);
}

void tile(const void* x, void* out, const TileLayout& layout, int elementBytes) {
  Device::tile(x, out, layout, elementBytes);
}

void gather(const void* x, const int32_t* indices, void* out, int64_t outer, int64_t axisSize, int64_t inner,
            int64_t indexCount, int elementBytes) {
  Device::gather(x, indices, out, outer, axisSize, inner, indexCount, elementBytes);
}

cudaError_t checkKernelImage() noexcept {
  cudaFuncAttributes attributes;
  return cudaFuncGetAttributes(&attributes, gridStrideKernel<uint32_t, IsFiniteBody>);
}

}  // namespace gen::kernels
