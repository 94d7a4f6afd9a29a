// Every kernel that computes each output element on its own: the per-element bodies (GEN_HD, shared by both builds)
// and the drivers that pick a body for the op and hand it to a launch policy. Launch::run(count, body, name) calls
// body(i) for every i < count: a grid-stride CUDA kernel in kernels/cuda/launch.cuh, a loop in
// kernels/host/launch.h. The body's index type I is the launch's choice: uint32_t whenever the count fits, int64_t
// beyond (kernels/grid.h), in both builds.
#pragma once

#include "kernels/kernels.h"
#include "math/binary_ops.h"
#include "math/convert.h"
#include "math/strided.h"
#include "math/unary_ops.h"

namespace gen::kernels {

template <class Op>
struct UnaryBody {
  const float* x;
  float* out;
  float alpha;
  template <class I>
  GEN_HD void operator()(I i) const {
    out[i] = Op{}(x[i], alpha);
  }
};

template <class Op>
struct BinaryBody {
  const typename Op::In* a;
  const typename Op::In* b;
  typename Op::Out* out;
  StridedLayout<2> layout;
  template <class I>
  GEN_HD void operator()(I i) const {
    int64_t offsets[2];
    stridedOffsets(layout, i, offsets);
    out[i] = Op{}(a[offsets[0]], b[offsets[1]]);
  }
};

template <class T>
struct SelectBody {
  const uint8_t* cond;
  const T* a;
  const T* b;
  T* out;
  template <class I>
  GEN_HD void operator()(I i) const {
    out[i] = cond[i] != 0 ? a[i] : b[i];
  }
};

struct IsFiniteBody {
  const float* x;
  uint8_t* out;
  template <class I>
  GEN_HD void operator()(I i) const {
    out[i] = isFiniteFloat(x[i]);
  }
};

template <class T>
struct FillBody {
  T* out;
  T value;
  template <class I>
  GEN_HD void operator()(I i) const {
    out[i] = value;
  }
};

template <class From, class To>
struct CastBody {
  const From* x;
  To* out;
  template <class I>
  GEN_HD void operator()(I i) const {
    out[i] = ConvertTo<To>{}(x[i]);
  }
};

struct OneHotBody {
  const int32_t* indices;
  float* out;
  int64_t depth;
  float onValue;
  float offValue;
  template <class I>
  GEN_HD void operator()(I i) const {
    const I depthI = static_cast<I>(depth);
    out[i] = indices[i / depthI] == static_cast<int64_t>(i % depthI) ? onValue : offValue;
  }
};

struct LinearCombinationBody {
  const float* base;
  LinearTerms terms;
  float* out;
  template <class I>
  GEN_HD void operator()(I i) const {
    float acc = base[i];
    for (int j = 0; j < terms.count; ++j) acc = fmaf(terms.coefficients[j], terms.terms[j][i], acc);
    out[i] = acc;
  }
};

// Data movement copies bits: T is uint8_t for 1-byte elements, uint32_t for float32 and int32 alike.

template <class T>
struct CopyStridedBody {
  const T* src;
  T* dst;
  StridedLayout<2> layout;
  template <class I>
  GEN_HD void operator()(I i) const {
    int64_t offsets[2];
    stridedOffsets(layout, i, offsets);
    dst[offsets[1]] = src[offsets[0]];
  }
};

template <class T>
struct TileBody {
  const T* x;
  T* out;
  TileLayout layout;
  template <class I>
  GEN_HD void operator()(I i) const {
    out[i] = x[tileSourceOffset(layout, i)];
  }
};

template <class T>
struct GatherBody {
  const T* x;
  const int32_t* indices;
  T* out;
  int64_t axisSize;
  int64_t inner;
  int64_t indexCount;
  // Output element i sits at (o, j, r) of [outer, indexCount, inner] and reads x at (o, indices[j], r) of
  // [outer, axisSize, inner].
  template <class I>
  GEN_HD void operator()(I i) const {
    const I innerI = static_cast<I>(inner);
    const I countI = static_cast<I>(indexCount);
    const I r = i % innerI;
    const I j = (i / innerI) % countI;
    const I o = i / innerI / countI;
    const int64_t index = indices[j];
    out[i] = index >= 0 && index < axisSize ? x[(static_cast<int64_t>(o) * axisSize + index) * inner + r] : T(0);
  }
};

/** Calls visit(T{}) with the bit-copy type for `elementBytes`: uint8_t for 1, uint32_t for 4. */
template <class Visit>
void visitElementBytes(int elementBytes, Visit&& visit) {
  if (elementBytes == 1) {
    visit(uint8_t{});
  } else {
    visit(uint32_t{});
  }
}

/** The drivers: each implements the kernels.h function of the same name with the launch policy `Launch`. */
template <class Launch>
struct Elementwise {
  static void unary(int op, const float* x, float* out, int64_t size, float alpha) {
    visitUnaryOp(op, [&](auto f) { Launch::run(size, UnaryBody<decltype(f)>{x, out, alpha}, "unary"); });
  }

  static void binary(int op, const void* a, const void* b, void* out, const StridedLayout<2>& layout) {
    int64_t count = 1;
    for (int d = 0; d < layout.rank; ++d) count *= layout.shape[d];
    visitBinaryOp(op, [&](auto f) {
      using Op = decltype(f);
      using In = typename Op::In;
      using Out = typename Op::Out;
      const BinaryBody<Op> body{static_cast<const In*>(a), static_cast<const In*>(b), static_cast<Out*>(out), layout};
      Launch::run(count, body, "binary");
    });
  }

  static void select(const uint8_t* cond, const void* a, const void* b, void* out, int64_t size, int elementBytes) {
    visitElementBytes(elementBytes, [&](auto t) {
      using T = decltype(t);
      const SelectBody<T> body{cond, static_cast<const T*>(a), static_cast<const T*>(b), static_cast<T*>(out)};
      Launch::run(size, body, "select");
    });
  }

  static void isFinite(const float* x, uint8_t* out, int64_t size) {
    Launch::run(size, IsFiniteBody{x, out}, "isFinite");
  }

  static void fill(void* out, int64_t size, uint32_t pattern, int elementBytes) {
    visitElementBytes(elementBytes, [&](auto t) {
      using T = decltype(t);
      Launch::run(size, FillBody<T>{static_cast<T*>(out), static_cast<T>(pattern)}, "fill");
    });
  }

  static void cast(const void* x, int fromDtype, void* out, int toDtype, int64_t size) {
    visitDType(fromDtype, [&](auto from) {
      visitDType(toDtype, [&](auto to) {
        using From = decltype(from);
        using To = decltype(to);
        Launch::run(size, CastBody<From, To>{static_cast<const From*>(x), static_cast<To*>(out)}, "cast");
      });
    });
  }

  static void oneHot(const int32_t* indices, float* out, int64_t n, int64_t depth, float onValue, float offValue) {
    Launch::run(n * depth, OneHotBody{indices, out, depth, onValue, offValue}, "oneHot");
  }

  static void linearCombination(const float* base, const LinearTerms& terms, float* out, int64_t size) {
    Launch::run(size, LinearCombinationBody{base, terms, out}, "linearCombination");
  }

  static void copyStrided(const void* src, void* dst, const StridedLayout<2>& layout, int elementBytes) {
    int64_t count = 1;
    for (int d = 0; d < layout.rank; ++d) count *= layout.shape[d];
    visitElementBytes(elementBytes, [&](auto t) {
      using T = decltype(t);
      Launch::run(count, CopyStridedBody<T>{static_cast<const T*>(src), static_cast<T*>(dst), layout}, "copyStrided");
    });
  }

  static void tile(const void* x, void* out, const TileLayout& layout, int elementBytes) {
    int64_t count = 1;
    for (int d = 0; d < layout.rank; ++d) count *= layout.outShape[d];
    visitElementBytes(elementBytes, [&](auto t) {
      using T = decltype(t);
      Launch::run(count, TileBody<T>{static_cast<const T*>(x), static_cast<T*>(out), layout}, "tile");
    });
  }

  static void gather(const void* x, const int32_t* indices, void* out, int64_t outer, int64_t axisSize,
                     int64_t inner, int64_t indexCount, int elementBytes) {
    visitElementBytes(elementBytes, [&](auto t) {
      using T = decltype(t);
      const GatherBody<T> body{static_cast<const T*>(x), indices, static_cast<T*>(out), axisSize, inner, indexCount};
      Launch::run(outer * indexCount * inner, body, "gather");
    });
  }
};

}  // namespace gen::kernels
