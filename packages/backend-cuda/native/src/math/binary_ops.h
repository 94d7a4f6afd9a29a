// Two-operand element functions, numbered as BINARY_OP in binding.ts. Each functor names the element type it reads
// (In) and writes (Out): arithmetic is float32 → float32, comparisons float32 → bool, logical ops bool → bool, where
// bool is a uint8 holding 0 or 1 (any nonzero byte reads as true).
#pragma once

#include <math.h>

#include "math/hd.h"

namespace gen {

struct Arithmetic {
  using In = float;
  using Out = float;
};
struct Comparison {
  using In = float;
  using Out = uint8_t;
};
struct Logical {
  using In = uint8_t;
  using Out = uint8_t;
};

struct Add : Arithmetic {
  GEN_HD float operator()(float a, float b) const { return a + b; }
};
struct Sub : Arithmetic {
  GEN_HD float operator()(float a, float b) const { return a - b; }
};
struct Mul : Arithmetic {
  GEN_HD float operator()(float a, float b) const { return a * b; }
};
struct Div : Arithmetic {
  GEN_HD float operator()(float a, float b) const { return a / b; }
};
struct Pow : Arithmetic {
  GEN_HD float operator()(float a, float b) const { return powf(a, b); }
};
struct Maximum : Arithmetic {
  // NaN in either operand wins, as with Math.max (fmaxf would drop it).
  GEN_HD float operator()(float a, float b) const { return a != a || a > b ? a : b; }
};
struct Minimum : Arithmetic {
  GEN_HD float operator()(float a, float b) const { return a != a || a < b ? a : b; }
};
struct SquaredDifference : Arithmetic {
  GEN_HD float operator()(float a, float b) const { return (a - b) * (a - b); }
};
struct EluGrad : Arithmetic {
  // d/dx elu at output y: 1 where y > 0, else eˣ = y + 1. Operands are (dy, y).
  GEN_HD float operator()(float dy, float y) const { return y > 0.0f ? dy : dy * (y + 1.0f); }
};

struct Greater : Comparison {
  GEN_HD uint8_t operator()(float a, float b) const { return a > b; }
};
struct GreaterEqual : Comparison {
  GEN_HD uint8_t operator()(float a, float b) const { return a >= b; }
};
struct Less : Comparison {
  GEN_HD uint8_t operator()(float a, float b) const { return a < b; }
};
struct LessEqual : Comparison {
  GEN_HD uint8_t operator()(float a, float b) const { return a <= b; }
};
struct Equal : Comparison {
  GEN_HD uint8_t operator()(float a, float b) const { return a == b; }
};
struct NotEqual : Comparison {
  GEN_HD uint8_t operator()(float a, float b) const { return a != b; }
};

struct LogicalAnd : Logical {
  GEN_HD uint8_t operator()(uint8_t a, uint8_t b) const { return a != 0 && b != 0; }
};
struct LogicalOr : Logical {
  GEN_HD uint8_t operator()(uint8_t a, uint8_t b) const { return a != 0 || b != 0; }
};

/** Calls `visit(F{})` with the functor for code `op`; false for an unknown code. Host code only. */
template <class Visit>
bool visitBinaryOp(int op, Visit&& visit) {
  switch (op) {
    case 0: visit(Add{}); return true;
    case 1: visit(Sub{}); return true;
    case 2: visit(Mul{}); return true;
    case 3: visit(Div{}); return true;
    case 4: visit(Pow{}); return true;
    case 5: visit(Maximum{}); return true;
    case 6: visit(Minimum{}); return true;
    case 7: visit(SquaredDifference{}); return true;
    case 8: visit(EluGrad{}); return true;
    case 20: visit(Greater{}); return true;
    case 21: visit(GreaterEqual{}); return true;
    case 22: visit(Less{}); return true;
    case 23: visit(LessEqual{}); return true;
    case 24: visit(Equal{}); return true;
    case 25: visit(NotEqual{}); return true;
    case 40: visit(LogicalAnd{}); return true;
    case 41: visit(LogicalOr{}); return true;
    default: return false;
  }
}

}  // namespace gen
