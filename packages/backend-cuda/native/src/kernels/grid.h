// The grid-stride launch geometry, shared by both builds: the CUDA build launches with it, and the host build makes
// the same index-type choice so that its loops run the body instantiations the GPU runs.
#pragma once

#include <algorithm>
#include <cstdint>

namespace gen::kernels {

constexpr int kBlockThreads = 256;
/** Enough blocks to fill any current GPU several times over; larger sizes loop inside the kernel. */
constexpr int64_t kMaxBlocks = 65535;

/** Blocks of a grid-stride launch over `count` (> 0) elements: one element per thread up to kMaxBlocks blocks. */
inline int64_t gridStrideBlocks(int64_t count) {
  return std::min((count + kBlockThreads - 1) / kBlockThreads, kMaxBlocks);
}

/**
 * Whether a grid-stride loop over `count` elements may index with uint32_t (cheaper division on the GPU): every
 * index i is below count ≤ 2³¹ − 1 and the stride is at most kMaxBlocks·kBlockThreads < 2²⁴, so i + stride never
 * wraps. Larger counts use int64_t.
 */
inline bool fitsUint32Index(int64_t count) { return count <= INT32_MAX; }

static_assert(int64_t{INT32_MAX} + kMaxBlocks * kBlockThreads <= int64_t{UINT32_MAX},
              "a 32-bit grid-stride index must not wrap");

}  // namespace gen::kernels
