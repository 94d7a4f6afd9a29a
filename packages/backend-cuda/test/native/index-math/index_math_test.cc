// The index math of the kernels (native/src/math, native/src/kernels/elementwise.h), run with both index types a
// launch may choose. The addon tests run every body with the 32-bit index the GPU uses for any size that fits in
// memory here; this program also runs the 64-bit one (the GPU's choice beyond 2³¹ − 1 elements), checks positions
// past 2³² without allocating them, and checks that simplifyLayout never changes which elements a walk reaches.
// Compiled and run by index-math.test.ts; prints "ok: N checks" and exits 0, or names the first failures and exits 1.
#include <cstdint>
#include <cstdio>
#include <vector>

#include "kernels/elementwise.h"
#include "kernels/grid.h"
#include "math/reduce_ops.h"
#include "math/strided.h"

namespace {

using gen::StridedLayout;
using gen::TileLayout;

int64_t checks = 0;
int failures = 0;

void expectEqual(int64_t got, int64_t want, const char* what, int64_t at) {
  ++checks;
  if (got == want) return;
  if (++failures <= 10) {
    std::printf("%s at %lld: got %lld, want %lld\n", what, static_cast<long long>(at), static_cast<long long>(got),
                static_cast<long long>(want));
  }
}

/** A 64-bit LCG: the same cases on every run. */
struct Random {
  uint64_t state;
  int64_t below(int64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int64_t>((state >> 33) % static_cast<uint64_t>(n));
  }
};

/** Offsets of the two operands at row-major position `linear` of `shape`, coordinate by coordinate. */
void naiveOffsets(const std::vector<int64_t>& shape, const std::vector<int64_t> (&strides)[2], int64_t linear,
                  int64_t (&offsets)[2]) {
  offsets[0] = offsets[1] = 0;
  for (size_t d = shape.size(); d-- > 0;) {
    const int64_t coord = linear % shape[d];
    linear /= shape[d];
    for (int k = 0; k < 2; ++k) offsets[k] += coord * strides[k][d];
  }
}

/** Random shapes (extents 1 to 5, rank 0 to 8) with strides that are contiguous, broadcast, reversed or arbitrary. */
void checkStridedWalks() {
  Random random{12345};
  for (int trial = 0; trial < 3000; ++trial) {
    const int rank = static_cast<int>(random.below(gen::kMaxRank + 1));
    std::vector<int64_t> shape(rank);
    for (int64_t& extent : shape) extent = 1 + random.below(5);
    std::vector<int64_t> strides[2];
    for (auto& operand : strides) {
      operand.assign(rank, 0);
      int64_t contiguous = 1;
      const int64_t kind = random.below(4);
      for (int d = rank - 1; d >= 0; --d) {
        if (kind == 0) operand[d] = contiguous;
        if (kind == 1) operand[d] = random.below(2) == 0 ? 0 : contiguous;
        if (kind == 2) operand[d] = -contiguous;
        if (kind == 3) operand[d] = random.below(41) - 20;
        contiguous *= shape[d];
      }
    }
    int64_t count = 1;
    for (int64_t extent : shape) count *= extent;
    const int64_t* const strideRows[2] = {strides[0].data(), strides[1].data()};
    const StridedLayout<2> simplified = gen::simplifyLayout<2>(rank, shape.data(), strideRows);
    StridedLayout<2> full{};  // the same walk, unsimplified
    full.rank = rank;
    for (int d = 0; d < rank; ++d) {
      full.shape[d] = shape[d];
      for (int k = 0; k < 2; ++k) full.strides[k][d] = strides[k][d];
    }
    for (int64_t i = 0; i < count; ++i) {
      int64_t want[2];
      naiveOffsets(shape, strides, i, want);
      for (const StridedLayout<2>* layout : {&simplified, static_cast<const StridedLayout<2>*>(&full)}) {
        int64_t narrow[2];
        int64_t wide[2];
        gen::stridedOffsets(*layout, static_cast<uint32_t>(i), narrow);
        gen::stridedOffsets(*layout, i, wide);
        for (int k = 0; k < 2; ++k) {
          expectEqual(narrow[k], want[k], "stridedOffsets, 32-bit index", i);
          expectEqual(wide[k], want[k], "stridedOffsets, 64-bit index", i);
        }
      }
    }
  }
}

/** Positions beyond 2³² (64-bit index) and offsets beyond 2³² reached from a 32-bit index, without any memory. */
void checkLargeWalks() {
  constexpr int64_t kBig = INT32_MAX;  // the largest extent or stride an Int32Array can pass
  StridedLayout<2> layout{};
  layout.rank = 2;
  layout.shape[0] = 5;
  layout.shape[1] = kBig;
  layout.strides[0][0] = kBig;
  layout.strides[0][1] = 1;
  layout.strides[1][0] = -1;
  layout.strides[1][1] = kBig;
  for (const int64_t row : {int64_t{2}, int64_t{4}}) {
    const int64_t column = kBig - 3;
    int64_t offsets[2];
    gen::stridedOffsets(layout, row * kBig + column, offsets);
    expectEqual(offsets[0], row * kBig + column, "stridedOffsets past 2^32, operand 0", row);
    expectEqual(offsets[1], -row + column * kBig, "stridedOffsets past 2^32, operand 1", row);
  }
  StridedLayout<2> narrow{};
  narrow.rank = 2;
  narrow.shape[0] = 3;
  narrow.shape[1] = 4;
  narrow.strides[0][0] = kBig;
  narrow.strides[0][1] = kBig;
  int64_t offsets[2];
  gen::stridedOffsets(narrow, uint32_t{11}, offsets);
  expectEqual(offsets[0], 2 * kBig + 3 * kBig, "stridedOffsets, 32-bit index, 64-bit offset", 11);

  TileLayout tile{};
  tile.rank = 2;
  tile.outShape[0] = 4;
  tile.outShape[1] = kBig;
  tile.inShape[0] = 2;
  tile.inShape[1] = kBig;
  tile.inStrides[0] = kBig;
  tile.inStrides[1] = 1;
  expectEqual(gen::tileSourceOffset(tile, 3 * kBig + 7), kBig + 7, "tileSourceOffset past 2^32", 3 * kBig + 7);
}

void checkTile() {
  Random random{777};
  for (int trial = 0; trial < 500; ++trial) {
    const int rank = 1 + static_cast<int>(random.below(4));
    TileLayout layout{};
    layout.rank = rank;
    int64_t stride = 1;
    int64_t count = 1;
    for (int d = rank - 1; d >= 0; --d) {
      layout.inShape[d] = 1 + random.below(3);
      layout.outShape[d] = layout.inShape[d] * (1 + random.below(3));
      layout.inStrides[d] = stride;
      stride *= layout.inShape[d];
      count *= layout.outShape[d];
    }
    for (int64_t i = 0; i < count; ++i) {
      int64_t rest = i;
      int64_t want = 0;
      for (int d = rank - 1; d >= 0; --d) {
        want += (rest % layout.outShape[d]) % layout.inShape[d] * layout.inStrides[d];
        rest /= layout.outShape[d];
      }
      expectEqual(gen::tileSourceOffset(layout, static_cast<uint32_t>(i)), want, "tileSourceOffset, 32-bit", i);
      expectEqual(gen::tileSourceOffset(layout, i), want, "tileSourceOffset, 64-bit", i);
    }
  }
}

/** Runs `body` over every index with index type I. */
template <class I, class Body>
void runAll(int64_t count, const Body& body) {
  for (int64_t i = 0; i < count; ++i) body(static_cast<I>(i));
}

void checkGatherAndOneHot() {
  const int64_t outer = 3, axisSize = 5, inner = 4;
  std::vector<float> x(outer * axisSize * inner);
  for (size_t e = 0; e < x.size(); ++e) x[e] = static_cast<float>(e + 1);
  const std::vector<int32_t> indices = {4, -1, 0, 5, 2, 2};
  const auto count = static_cast<int64_t>(indices.size());
  std::vector<float> narrow(outer * count * inner), wide(narrow.size());
  gen::kernels::GatherBody<float> body{x.data(), indices.data(), narrow.data(), axisSize, inner, count};
  runAll<uint32_t>(static_cast<int64_t>(narrow.size()), body);
  body.out = wide.data();
  runAll<int64_t>(static_cast<int64_t>(wide.size()), body);
  int64_t i = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (int32_t index : indices) {
      for (int64_t r = 0; r < inner; ++r, ++i) {
        const float want = index >= 0 && index < axisSize ? x[(o * axisSize + index) * inner + r] : 0.0f;
        expectEqual(static_cast<int64_t>(narrow[i]), static_cast<int64_t>(want), "gather, 32-bit", i);
        expectEqual(static_cast<int64_t>(wide[i]), static_cast<int64_t>(want), "gather, 64-bit", i);
      }
    }
  }

  const int64_t depth = 4;
  std::vector<float> hot(count * depth);
  for (const bool wideIndex : {false, true}) {
    const gen::kernels::OneHotBody oneHot{indices.data(), hot.data(), depth, 1.0f, 0.0f};
    if (wideIndex) {
      runAll<int64_t>(count * depth, oneHot);
    } else {
      runAll<uint32_t>(count * depth, oneHot);
    }
    for (int64_t e = 0; e < count * depth; ++e) {
      expectEqual(static_cast<int64_t>(hot[e]), indices[e / depth] == e % depth ? 1 : 0, "oneHot", e);
    }
  }
}

/** The launch geometry: grid sizes within CUDA's limits, and reduction block sizes the tree can halve. */
void checkGeometry() {
  for (const int64_t count : {int64_t{1}, int64_t{255}, int64_t{256}, int64_t{257}, int64_t{65535} * 256,
                              int64_t{65535} * 256 + 1, int64_t{INT32_MAX}, int64_t{1} << 40}) {
    const int64_t blocks = gen::kernels::gridStrideBlocks(count);
    ++checks;
    if (blocks < 1 || blocks > 65535 || (blocks < 65535 && blocks * gen::kernels::kBlockThreads < count)) {
      ++failures;
      std::printf("gridStrideBlocks(%lld) = %lld\n", static_cast<long long>(count), static_cast<long long>(blocks));
    }
  }
  expectEqual(gen::kernels::fitsUint32Index(INT32_MAX), 1, "fitsUint32Index(2^31 - 1)", INT32_MAX);
  expectEqual(gen::kernels::fitsUint32Index(int64_t{INT32_MAX} + 1), 0, "fitsUint32Index(2^31)", INT32_MAX);
  for (int64_t size = 0; size < 1000; ++size) {
    const int threads = gen::reduceThreads(size);
    ++checks;
    const bool powerOfTwo = (threads & (threads - 1)) == 0;
    const bool enough = threads >= size || threads == gen::kMaxReduceThreads;
    const bool noMore = threads == 32 || threads / 2 < size;
    if (!powerOfTwo || threads < 32 || threads > gen::kMaxReduceThreads || !enough || !noMore) {
      ++failures;
      std::printf("reduceThreads(%lld) = %d\n", static_cast<long long>(size), threads);
    }
  }
}

/** foldStrided's phases cover every element of a row exactly once, whatever the row's length against the block. */
void checkReduceCoverage() {
  for (int64_t size = 0; size < 700; size += 7) {
    const int threads = gen::reduceThreads(size);
    std::vector<float> row(size, 1.0f);
    float total = 0;
    for (int t = 0; t < threads; ++t) total += gen::foldStrided<gen::SumReduce>(row.data(), size, t, threads);
    expectEqual(static_cast<int64_t>(total), size, "foldStrided coverage", size);
  }
}

}  // namespace

int main() {
  checkStridedWalks();
  checkLargeWalks();
  checkTile();
  checkGatherAndOneHot();
  checkGeometry();
  checkReduceCoverage();
  if (failures > 0) {
    std::printf("%d of %lld checks failed\n", failures, static_cast<long long>(checks));
    return 1;
  }
  std::printf("ok: %lld checks\n", static_cast<long long>(checks));
  return 0;
}
