// The tiled SGEMM C[b] = op(A[b])·op(B[b]), written as the three phases one thread block runs, so that the GPU
// kernel (kernels/cuda/matmul.cu) and the host build (kernels/host/matmul_host.cc) execute the same tiling.
//
// A block owns a kTileM × kTileN tile of C. It walks k in slabs of kTileK: its kThreads threads first copy the
// kTileM × kTileK slab of op(A) and the kTileK × kTileN slab of op(B) into shared memory (loadSlabs), then, after a
// barrier, each thread multiplies them into its kMicroM × kMicroN accumulators (multiplySlabs); after the last slab
// it writes them out (storeTile). Thread (tx, ty) owns rows ty + kThreadsY·r and columns tx + kThreadsX·c of the tile,
// so that a warp reads consecutive shared-memory words of B and writes consecutive columns of C.
//
// Every product is accumulated with fmaf in increasing k, so both builds produce bit-identical results.
#pragma once

#include <math.h>

#include "math/hd.h"

namespace gen::sgemm {

constexpr int kTileM = 64;
constexpr int kTileN = 64;
constexpr int kTileK = 16;
constexpr int kThreadsX = 16;
constexpr int kThreadsY = 16;
constexpr int kThreads = kThreadsX * kThreadsY;
constexpr int kMicroM = kTileM / kThreadsY;
constexpr int kMicroN = kTileN / kThreadsX;

/** One matmul call (see NativeBinding.matmul): row-major A [m, k] or [k, m], B [k, n] or [n, k], C [batch, m, n]. */
struct Problem {
  const float* a;
  const float* b;
  float* c;
  int64_t batch, m, n, k;
  bool transposeA, transposeB;
  int64_t aBatchStride, bBatchStride;
};

/**
 * The slabs in shared memory, both k-major: a[q][i] = op(A)(row0 + i, k0 + q), b[q][j] = op(B)(k0 + q, col0 + j).
 * The +1 column pads the row length to an odd number of words, spreading a column walk over the memory banks.
 */
struct Slabs {
  float a[kTileK][kTileM + 1];
  float b[kTileK][kTileN + 1];
};

/** One thread's share of the C tile, in registers on the GPU. */
struct Accumulators {
  float v[kMicroM][kMicroN];
};

/**
 * Phase 1, thread `tid` of the block: copies its share of the two slabs, writing 0 outside the matrices (the zeros
 * add nothing to the sums). Element e of a slab goes to the thread e mod kThreads; the walk order over the slab is
 * chosen per layout so that consecutive threads read consecutive addresses of global memory.
 */
GEN_HD void loadSlabs(const Problem& p, int64_t batch, int64_t row0, int64_t col0, int64_t k0, int tid, Slabs& s) {
  const float* a = p.a + batch * p.aBatchStride;
  const float* b = p.b + batch * p.bBatchStride;
  for (int e = tid; e < kTileM * kTileK; e += kThreads) {
    // op(A)(row, kk) is a[row·k + kk] when A is stored [m, k] (walk kk fastest), a[kk·m + row] when it is [k, m].
    const int i = p.transposeA ? e % kTileM : e / kTileK;
    const int q = p.transposeA ? e / kTileM : e % kTileK;
    const int64_t row = row0 + i;
    const int64_t kk = k0 + q;
    float v = 0.0f;
    if (row < p.m && kk < p.k) v = p.transposeA ? a[kk * p.m + row] : a[row * p.k + kk];
    s.a[q][i] = v;
  }
  for (int e = tid; e < kTileK * kTileN; e += kThreads) {
    // op(B)(kk, col) is b[kk·n + col] when B is stored [k, n] (walk col fastest), b[col·k + kk] when it is [n, k].
    const int j = p.transposeB ? e / kTileK : e % kTileN;
    const int q = p.transposeB ? e % kTileK : e / kTileN;
    const int64_t col = col0 + j;
    const int64_t kk = k0 + q;
    float v = 0.0f;
    if (col < p.n && kk < p.k) v = p.transposeB ? b[col * p.k + kk] : b[kk * p.n + col];
    s.b[q][j] = v;
  }
}

/** Phase 2, thread (tx, ty): acc.v[r][c] += Σ_q a[q][ty + kThreadsY·r] · b[q][tx + kThreadsX·c]. */
GEN_HD void multiplySlabs(const Slabs& s, int tx, int ty, Accumulators& acc) {
  for (int q = 0; q < kTileK; ++q) {
    float av[kMicroM];
    float bv[kMicroN];
    for (int r = 0; r < kMicroM; ++r) av[r] = s.a[q][ty + kThreadsY * r];
    for (int c = 0; c < kMicroN; ++c) bv[c] = s.b[q][tx + kThreadsX * c];
    for (int r = 0; r < kMicroM; ++r) {
      for (int c = 0; c < kMicroN; ++c) acc.v[r][c] = fmaf(av[r], bv[c], acc.v[r][c]);
    }
  }
}

/** Phase 3, thread (tx, ty): writes the accumulators that fall inside C. */
GEN_HD void storeTile(const Problem& p, int64_t batch, int64_t row0, int64_t col0, int tx, int ty,
                      const Accumulators& acc) {
  float* out = p.c + batch * p.m * p.n;
  for (int r = 0; r < kMicroM; ++r) {
    const int64_t row = row0 + ty + kThreadsY * r;
    if (row >= p.m) continue;
    for (int c = 0; c < kMicroN; ++c) {
      const int64_t col = col0 + tx + kThreadsX * c;
      if (col < p.n) out[row * p.n + col] = acc.v[r][c];
    }
  }
}

}  // namespace gen::sgemm
