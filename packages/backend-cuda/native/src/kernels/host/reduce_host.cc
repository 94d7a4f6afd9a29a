// Row reductions of the host build: each row folded in the GPU's order (math/reduce_ops.h), the block's threads
// taken one after another, so that both builds give the same bits.
#include <vector>

#include "kernels/kernels.h"
#include "math/reduce_ops.h"

namespace gen::kernels {

void reduce(int op, const void* x, void* out, int64_t outer, int64_t reduceSize) {
  visitReduceOp(op, [&](auto combine) {
    using Combine = decltype(combine);
    using T = typename Combine::T;
    const T* in = static_cast<const T*>(x);
    T* result = static_cast<T*>(out);
    const int threads = reduceThreads(reduceSize);
    std::vector<T> partial(threads);
    for (int64_t row = 0; row < outer; ++row) {
      const T* values = in + row * reduceSize;
      for (int t = 0; t < threads; ++t) partial[t] = foldStrided<Combine>(values, reduceSize, t, threads);
      for (int s = threads / 2; s > 0; s /= 2) {
        for (int t = 0; t < s; ++t) partial[t] = combine(partial[t], partial[t + s]);
      }
      result[row] = partial[0];
    }
  });
}

}  // namespace gen::kernels
