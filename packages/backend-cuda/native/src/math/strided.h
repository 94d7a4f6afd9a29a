// Strided index maps: a row-major walk over `shape` that, at each step, knows the element offset of N operands.
//
// Element number i of the walk has coordinates c (c[rank−1] varies fastest) and operand k reads element
// Σ_d c[d]·strides[k][d]. A stride of 0 repeats the operand along that axis (broadcasting); a negative stride walks
// it backwards (reverse), with the operand's base pointer placed at the element that coordinate 0 reads.
#pragma once

#include "math/hd.h"

namespace gen {

template <int N>
struct StridedLayout {
  int rank;
  int64_t shape[kMaxRank];
  int64_t strides[N][kMaxRank];
};

/**
 * Offsets of the N operands at walk position `linear`, peeling coordinates off from the innermost axis. `I` is the
 * index type the launch chose: 32-bit division is several times cheaper on the GPU than 64-bit.
 */
template <int N, class I>
GEN_HD void stridedOffsets(const StridedLayout<N>& layout, I linear, int64_t (&offsets)[N]) {
  for (int k = 0; k < N; ++k) offsets[k] = 0;
  for (int d = layout.rank - 1; d >= 0; --d) {
    const I extent = static_cast<I>(layout.shape[d]);
    const I coord = linear % extent;
    linear /= extent;
    for (int k = 0; k < N; ++k) offsets[k] += static_cast<int64_t>(coord) * layout.strides[k][d];
  }
}

/**
 * Builds the layout for `shape` and the operands' `strides` (each `rank` long), in its cheapest equivalent form:
 * axes of extent 1 are dropped, and an axis d is merged into the next inner one when every operand steps over it
 * by exactly one full sweep of that inner axis (strides[k][d] = strides[k][d+1]·shape[d+1]), as for any
 * contiguous run of a row-major array. A contiguous elementwise op thus becomes rank 1. Host code only; shapes must
 * be non-negative (the caller returns early when one is 0).
 */
template <int N>
StridedLayout<N> simplifyLayout(int rank, const int64_t* shape, const int64_t* const (&strides)[N]) {
  // Built innermost axis first, then reversed into the outer-to-inner order the walk uses.
  StridedLayout<N> inner{};
  inner.rank = 0;
  for (int d = rank - 1; d >= 0; --d) {
    if (shape[d] == 1) continue;
    bool mergeable = inner.rank > 0;
    const int last = inner.rank - 1;
    for (int k = 0; k < N && mergeable; ++k) {
      mergeable = strides[k][d] == inner.strides[k][last] * inner.shape[last];
    }
    if (mergeable) {
      inner.shape[last] *= shape[d];
      continue;
    }
    inner.shape[inner.rank] = shape[d];
    for (int k = 0; k < N; ++k) inner.strides[k][inner.rank] = strides[k][d];
    ++inner.rank;
  }
  StridedLayout<N> layout{};
  layout.rank = inner.rank;
  for (int d = 0; d < inner.rank; ++d) {
    layout.shape[d] = inner.shape[inner.rank - 1 - d];
    for (int k = 0; k < N; ++k) layout.strides[k][d] = inner.strides[k][inner.rank - 1 - d];
  }
  return layout;
}

/** Tile's index map: output coordinate c reads input coordinate c mod inShape (input row-major, `inStrides`). */
struct TileLayout {
  int rank;
  int64_t outShape[kMaxRank];
  int64_t inShape[kMaxRank];
  int64_t inStrides[kMaxRank];
};

template <class I>
GEN_HD int64_t tileSourceOffset(const TileLayout& layout, I linear) {
  int64_t offset = 0;
  for (int d = layout.rank - 1; d >= 0; --d) {
    const I extent = static_cast<I>(layout.outShape[d]);
    const I coord = linear % extent;
    linear /= extent;
    offset += static_cast<int64_t>(coord % static_cast<I>(layout.inShape[d])) * layout.inStrides[d];
  }
  return offset;
}

}  // namespace gen
