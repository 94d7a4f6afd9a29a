// The tiled SGEMM on the GPU: one thread block per kTileM × kTileN tile of C, running the phases of
// math/sgemm_tiles.h with barriers between them. Row tiles and batch entries beyond the grid's y and z limits are
// taken by the same blocks in turn (the grid's y and z extents are at most 65535).
#include <algorithm>

#include "device/cuda_check.h"
#include "kernels/kernels.h"

namespace gen::kernels {
namespace {

using namespace sgemm;

__global__ void __launch_bounds__(kThreads) sgemmKernel(Problem p) {
  __shared__ Slabs slabs;
  const int tid = threadIdx.x;
  const int tx = tid % kThreadsX;
  const int ty = tid / kThreadsX;
  const int64_t col0 = static_cast<int64_t>(blockIdx.x) * kTileN;
  // The batch, row and k loops have the same trip counts in every thread of the block (they depend on blockIdx and
  // the problem only), so every thread reaches every __syncthreads.
  for (int64_t batch = blockIdx.z; batch < p.batch; batch += gridDim.z) {
    for (int64_t row0 = static_cast<int64_t>(blockIdx.y) * kTileM; row0 < p.m; row0 += int64_t{gridDim.y} * kTileM) {
      Accumulators acc = {};
      for (int64_t k0 = 0; k0 < p.k; k0 += kTileK) {
        loadSlabs(p, batch, row0, col0, k0, tid, slabs);
        __syncthreads();
        multiplySlabs(slabs, tx, ty, acc);
        // The next slab overwrites `slabs`: wait until every thread has used this one.
        __syncthreads();
      }
      storeTile(p, batch, row0, col0, tx, ty, acc);
    }
  }
}

}  // namespace

void matmul(const Problem& p) {
  if (p.batch <= 0 || p.m <= 0 || p.n <= 0) return;
  // The addon keeps m and n below 2³¹, so the column tile count fits the grid's x limit (2³¹ − 1).
  const auto colTiles = static_cast<unsigned>((p.n + kTileN - 1) / kTileN);
  const auto rowTiles = static_cast<unsigned>(std::min<int64_t>((p.m + kTileM - 1) / kTileM, 65535));
  const auto batches = static_cast<unsigned>(std::min<int64_t>(p.batch, 65535));
  launchChecked("matmul (sgemm)", [&] { sgemmKernel<<<dim3(colTiles, rowTiles, batches), kThreads>>>(p); });
}

}  // namespace gen::kernels
