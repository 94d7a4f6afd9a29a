// float32 → float32 element functions, numbered as UNARY_OP in binding.ts. Each is a functor so that a kernel
// template is instantiated per op (no per-element switch). `alpha` is the op's scalar attribute.
#pragma once

#include <math.h>

#include "math/hd.h"

namespace gen {

struct Neg {
  GEN_HD float operator()(float x, float) const { return -x; }
};
struct Abs {
  GEN_HD float operator()(float x, float) const { return fabsf(x); }
};
struct Exp {
  GEN_HD float operator()(float x, float) const { return expf(x); }
};
struct Log {
  GEN_HD float operator()(float x, float) const { return logf(x); }
};
struct Sqrt {
  GEN_HD float operator()(float x, float) const { return sqrtf(x); }
};
struct Rsqrt {
  // 1/sqrt rather than the device's rsqrtf so that both builds round the same way.
  GEN_HD float operator()(float x, float) const { return 1.0f / sqrtf(x); }
};
struct Square {
  GEN_HD float operator()(float x, float) const { return x * x; }
};
struct Sin {
  GEN_HD float operator()(float x, float) const { return sinf(x); }
};
struct Cos {
  GEN_HD float operator()(float x, float) const { return cosf(x); }
};
struct Tanh {
  GEN_HD float operator()(float x, float) const { return tanhf(x); }
};
struct Sigmoid {
  // exp(−x) overflows to +inf for x < −88, giving the correct limit 0.
  GEN_HD float operator()(float x, float) const { return 1.0f / (1.0f + expf(-x)); }
};
struct Relu {
  // Written as x < 0 so that NaN passes through, as in tfjs.
  GEN_HD float operator()(float x, float) const { return x < 0.0f ? 0.0f : x; }
};
struct Elu {
  GEN_HD float operator()(float x, float) const { return x > 0.0f ? x : expm1f(x); }
};
struct Softplus {
  // log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)): the exponent is never positive, so nothing overflows.
  GEN_HD float operator()(float x, float) const { return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x))); }
};
struct Reciprocal {
  GEN_HD float operator()(float x, float) const { return 1.0f / x; }
};
struct Log1p {
  GEN_HD float operator()(float x, float) const { return log1pf(x); }
};
struct Expm1 {
  GEN_HD float operator()(float x, float) const { return expm1f(x); }
};
struct Sign {
  // −1, 0 or 1; NaN stays NaN.
  GEN_HD float operator()(float x, float) const { return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : x == 0.0f ? 0.0f : x; }
};
struct Floor {
  GEN_HD float operator()(float x, float) const { return floorf(x); }
};
struct Ceil {
  GEN_HD float operator()(float x, float) const { return ceilf(x); }
};
struct LeakyRelu {
  GEN_HD float operator()(float x, float alpha) const { return x > 0.0f ? x : alpha * x; }
};
struct Step {
  // tfjs Step: 1 above zero, alpha otherwise; NaN stays NaN.
  GEN_HD float operator()(float x, float alpha) const { return x != x ? x : x > 0.0f ? 1.0f : alpha; }
};

/**
 * Calls `visit(F{})` with the functor for code `op`; returns false (and calls nothing) for an unknown code. Host code
 * only: it picks which kernel template to instantiate.
 */
template <class Visit>
bool visitUnaryOp(int op, Visit&& visit) {
  switch (op) {
    case 0: visit(Neg{}); return true;
    case 1: visit(Abs{}); return true;
    case 2: visit(Exp{}); return true;
    case 3: visit(Log{}); return true;
    case 4: visit(Sqrt{}); return true;
    case 5: visit(Rsqrt{}); return true;
    case 6: visit(Square{}); return true;
    case 7: visit(Sin{}); return true;
    case 8: visit(Cos{}); return true;
    case 9: visit(Tanh{}); return true;
    case 10: visit(Sigmoid{}); return true;
    case 11: visit(Relu{}); return true;
    case 12: visit(Elu{}); return true;
    case 13: visit(Softplus{}); return true;
    case 14: visit(Reciprocal{}); return true;
    case 15: visit(Log1p{}); return true;
    case 16: visit(Expm1{}); return true;
    case 17: visit(Sign{}); return true;
    case 18: visit(Floor{}); return true;
    case 19: visit(Ceil{}); return true;
    case 20: visit(LeakyRelu{}); return true;
    case 21: visit(Step{}); return true;
    default: return false;
  }
}

}  // namespace gen
