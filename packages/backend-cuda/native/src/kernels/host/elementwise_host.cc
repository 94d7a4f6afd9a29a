// The elementwise and data-movement kernels of the host build: the shared drivers with the loop launch policy.
#include "kernels/elementwise.h"
#include "kernels/host/launch.h"

namespace gen::kernels {

using Host = Elementwise<HostLaunch>;

void unary(int op, const float* x, float* out, int64_t size, float alpha) { Host::unary(op, x, out, size, alpha); }

void binary(int op, const void* a, const void* b, void* out, const StridedLayout<2>& layout) {
  Host::binary(op, a, b, out, layout);
}

void select(const uint8_t* cond, const void* a, const void* b, void* out, int64_t size, int elementBytes) {
  Host::select(cond, a, b, out, size, elementBytes);
}

void isFinite(const float* x, uint8_t* out, int64_t size) { Host::isFinite(x, out, size); }

void fill(void* out, int64_t size, uint32_t pattern, int elementBytes) { Host::fill(out, size, pattern, elementBytes); }

void cast(const void* x, int fromDtype, void* out, int toDtype, int64_t size) {
  Host::cast(x, fromDtype, out, toDtype, size);
}

void oneHot(const int32_t* indices, float* out, int64_t n, int64_t depth, float onValue, float offValue) {
  Host::oneHot(indices, out, n, depth, onValue, offValue);
}

void linearCombination(const float* base, const LinearTerms& terms, float* out, int64_t size) {
  Host::linearCombination(base, terms, out, size);
}

void copyStrided(const void* src, void* dst, const StridedLayout<2>& layout, int elementBytes) {
  Host::copyStrided(src, dst, layout, elementBytes);
}

void tile(const void* x, void* out, const TileLayout& layout, int elementBytes) {
  Host::tile(x, out, layout, elementBytes);
}

void gather(const void* x, const int32_t* indices, void* out, int64_t outer, int64_t axisSize, int64_t inner,
            int64_t indexCount, int elementBytes) {
  Host::gather(x, indices, out, outer, axisSize, inner, indexCount, elementBytes);
}

}  // namespace gen::kernels
