// Element conversions between the three device types (cast, fill) and the finiteness test.
//
// float → int32 truncates toward zero and, where C++ leaves the result undefined, follows what the GPU's cvt.rzi
// instruction does, so both builds agree: NaN → 0, values beyond the int32 range saturate. Anything → bool is
// x ≠ 0 (NaN → true, as tfjs's cast computes notEqual(x, 0)); bool → number is 0 or 1.
#pragma once

#include <float.h>
#include <math.h>

#include "math/hd.h"

namespace gen {

GEN_HD int32_t truncateToInt32(double x) {
  if (x != x) return 0;
  if (x >= 2147483647.0) return 2147483647;
  if (x <= -2147483648.0) return -2147483647 - 1;
  return static_cast<int32_t>(x);
}

GEN_HD float toFloat32(float x) { return x; }
GEN_HD float toFloat32(int32_t x) { return static_cast<float>(x); }
GEN_HD float toFloat32(uint8_t x) { return x != 0 ? 1.0f : 0.0f; }

GEN_HD int32_t toInt32(float x) { return truncateToInt32(x); }
GEN_HD int32_t toInt32(int32_t x) { return x; }
GEN_HD int32_t toInt32(uint8_t x) { return x != 0 ? 1 : 0; }

template <class T>
GEN_HD uint8_t toBool(T x) {
  return x != 0;
}

/** The conversion to `To` as a functor, so that a kernel can be instantiated per (from, to) pair. */
template <class To>
struct ConvertTo;
template <>
struct ConvertTo<float> {
  template <class From>
  GEN_HD float operator()(From x) const {
    return toFloat32(x);
  }
};
template <>
struct ConvertTo<int32_t> {
  template <class From>
  GEN_HD int32_t operator()(From x) const {
    return toInt32(x);
  }
};
template <>
struct ConvertTo<uint8_t> {
  template <class From>
  GEN_HD uint8_t operator()(From x) const {
    return toBool(x);
  }
};

/** Calls `visit(T{})` with a value of the C++ element type of `dtype`; false for an unknown code. Host code only. */
template <class Visit>
bool visitDType(int dtype, Visit&& visit) {
  switch (dtype) {
    case kFloat32: visit(float{}); return true;
    case kInt32: visit(int32_t{}); return true;
    case kBool: visit(uint8_t{}); return true;
    default: return false;
  }
}

/** |x| ≤ FLT_MAX is false exactly for ±inf and NaN (every comparison with NaN is false). */
GEN_HD uint8_t isFiniteFloat(float x) { return fabsf(x) <= FLT_MAX; }

}  // namespace gen
