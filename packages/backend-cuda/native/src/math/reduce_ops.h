// Reductions, numbered as REDUCE_OP in binding.ts. Each is a commutative, associative combine with its identity, so
// a row can be folded left to right (host) or as a tree (device) with the same result up to float rounding.
// sum/max/min/prod fold float32; any/all fold bools (uint8 0/1).
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
