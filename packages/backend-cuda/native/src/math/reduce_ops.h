// Reductions, numbered as REDUCE_OP in binding.ts: each a combine with its identity. sum/max/min/prod fold float32;
// any/all fold bools (uint8 0/1).
//
// Both builds fold a row in the same order, that of the GPU's block reduction (kernels/cuda/reduce.cu): with
// `threads` = reduceThreads(reduceSize), thread t first folds the row's elements t, t + threads, t + 2·threads, …
// (foldStrided), then the partial results are halved as a tree, step s combining partial[t] with partial[t + s] for
// t < s (s = threads/2, …, 1). So the host build gives the GPU's bits, and a GPU that disagrees has a bug.
#pragma once

#include <math.h>

#include "math/hd.h"

namespace gen {

struct SumReduce {
  using T = float;
  GEN_HD static float identity() { return 0.0f; }
  GEN_HD float operator()(float a, float b) const { return a + b; }
};
struct MaxReduce {
  using T = float;
  GEN_HD static float identity() { return -INFINITY; }
  // NaN anywhere in the row makes the result NaN, whatever the folding order.
  GEN_HD float operator()(float a, float b) const { return a != a || a > b ? a : b; }
};
struct MinReduce {
  using T = float;
  GEN_HD static float identity() { return INFINITY; }
  GEN_HD float operator()(float a, float b) const { return a != a || a < b ? a : b; }
};
struct ProdReduce {
  using T = float;
  GEN_HD static float identity() { return 1.0f; }
  GEN_HD float operator()(float a, float b) const { return a * b; }
};
struct AnyReduce {
  using T = uint8_t;
  GEN_HD static uint8_t identity() { return 0; }
  GEN_HD uint8_t operator()(uint8_t a, uint8_t b) const { return a != 0 || b != 0; }
};
struct AllReduce {
  using T = uint8_t;
  GEN_HD static uint8_t identity() { return 1; }
  GEN_HD uint8_t operator()(uint8_t a, uint8_t b) const { return a != 0 && b != 0; }
};

/** Threads per row of the block reduction: at most this many, and a power of two (the tree halving needs one). */
constexpr int kMaxReduceThreads = 256;

/** The threads that fold a row of `reduceSize`: a power of two from a warp (32) to kMaxReduceThreads. Host code. */
inline int reduceThreads(int64_t reduceSize) {
  int threads = 32;
  while (threads < kMaxReduceThreads && threads < reduceSize) threads *= 2;
  return threads;
}

/** Thread t's first phase: the fold of row[t], row[t + threads], row[t + 2·threads], … from the identity. */
template <class Combine>
GEN_HD typename Combine::T foldStrided(const typename Combine::T* row, int64_t reduceSize, int t, int threads) {
  const Combine combine;
  typename Combine::T acc = Combine::identity();
  for (int64_t j = t; j < reduceSize; j += threads) acc = combine(acc, row[j]);
  return acc;
}

/** Calls `visit(R{})` with the reduction for code `op`; false for an unknown code. Host code only. */
template <class Visit>
bool visitReduceOp(int op, Visit&& visit) {
  switch (op) {
    case 0: visit(SumReduce{}); return true;
    case 1: visit(MaxReduce{}); return true;
    case 2: visit(MinReduce{}); return true;
    case 3: visit(ProdReduce{}); return true;
    case 4: visit(AnyReduce{}); return true;
    case 5: visit(AllReduce{}); return true;
    default: return false;
  }
}

}  // namespace gen
