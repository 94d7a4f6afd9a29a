// The host build's matmul runs the GPU's tiled SGEMM (math/sgemm_tiles.h) block by block, with the block's threads
// taken one after another between what would be its barriers. This gives the same bits as the GPU and tests the
// tiling's index math on any machine; only the concurrency (shared memory, __syncthreads) needs a GPU to exercise.
#include <vector>

#include "kernels/kernels.h"

namespace gen::kernels {

void matmul(const sgemm::Problem& p) {
  using namespace sgemm;
  Slabs slabs;
  std::vector<Accumulators> acc(kThreads);
  for (int64_t batch = 0; batch < p.batch; ++batch) {
    for (int64_t row0 = 0; row0 < p.m; row0 += kTileM) {
      for (int64_t col0 = 0; col0 < p.n; col0 += kTileN) {
        for (Accumulators& a : acc) a = {};
        for (int64_t k0 = 0; k0 < p.k; k0 += kTileK) {
          for (int tid = 0; tid < kThreads; ++tid) loadSlabs(p, batch, row0, col0, k0, tid, slabs);
          for (int tid = 0; tid < kThreads; ++tid) multiplySlabs(slabs, tid % kThreadsX, tid / kThreadsX, acc[tid]);
        }
        for (int tid = 0; tid < kThreads; ++tid) {
          storeTile(p, batch, row0, col0, tid % kThreadsX, tid / kThreadsX, acc[tid]);
        }
      }
    }
  }
}

}  // namespace gen::kernels
