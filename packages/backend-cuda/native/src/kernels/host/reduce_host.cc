// Row reductions of the host build: each row folded left to right from the identity.
#include "kernels/kernels.h"
#include "math/reduce_ops.h"

namespace gen::kernels {

void reduce(int op, const void* x, void* out, int64_t outer, int64_t reduceSize) {
  visitReduceOp(op, [&](auto combine) {
    using T = typename decltype(combine)::T;
    const T* in = static_cast<const T*>(x);
    T* result = static_cast<T*>(out);
    for (int64_t row = 0; row < outer; ++row) {
      T acc = decltype(combine)::identity();
      for (int64_t j = 0; j < reduceSize; ++j) acc = combine(acc, in[row * reduceSize + j]);
      result[row] = acc;
    }
  });
}

}  // namespace gen::kernels
