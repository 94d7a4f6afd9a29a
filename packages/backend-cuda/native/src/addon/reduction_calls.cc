// reduce, matmul.
#include "addon/call_args.h"
#include "addon/calls.h"
#include "addon/napi_util.h"
#include "addon/operands.h"
#include "kernels/kernels.h"
#include "math/reduce_ops.h"

namespace gen::addon::calls {

napi_value reduce(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"op", "x", "out", "outer", "reduceSize"});
  const int op = static_cast<int>(args.integer(0, 0, INT32_MAX));
  int elementBytes = 0;
  if (!visitReduceOp(op, [&](auto combine) { elementBytes = sizeof(typename decltype(combine)::T); })) {
    args.fail(0, "is not a REDUCE_OP code, got " + std::to_string(op));
  }
  const Operand x = readOperand(args, 1);
  const Operand out = readOperand(args, 2);
  const int64_t outer = args.integer(3, 0, kMaxSafeInteger);
  const int64_t reduceSize = args.integer(4, 0, kMaxSafeInteger);
  requireElements(x, checkedProduct(x.label, outer, reduceSize), elementBytes);
  requireElements(out, outer, elementBytes);
  requireSeparate(out, x);
  kernels::reduce(op, x.data(), out.data(), outer, reduceSize);
  return makeUndefined(env);
}

napi_value matmul(napi_env env, napi_callback_info info) {
  CallArgs args(env, info,
                {"a", "b", "out", "batch", "m", "n", "k", "transposeA", "transposeB", "aBatchStride", "bBatchStride"});
  sgemm::Problem p{};
  const Operand a = readOperand(args, 0);
  const Operand b = readOperand(args, 1);
  const Operand out = readOperand(args, 2);
  p.batch = args.integer(3, 0, INT32_MAX);
  p.m = args.integer(4, 0, INT32_MAX);
  p.n = args.integer(5, 0, INT32_MAX);
  p.k = args.integer(6, 0, INT32_MAX);
  p.transposeA = args.boolean(7);
  p.transposeB = args.boolean(8);
  p.aBatchStride = args.integer(9, 0, kMaxSafeInteger);
  p.bBatchStride = args.integer(10, 0, kMaxSafeInteger);
  if (out.id == a.id || out.id == b.id) {
    args.fail(2, "must not be the buffer of a or b: C is written while tiles of A and B are still being read");
  }
  // The last batch entry of A starts at (batch − 1)·aBatchStride and holds m·k elements; likewise B with k·n.
  if (p.batch > 0 && p.m > 0 && p.n > 0) {
    const auto extent = [&](const Operand& operand, int64_t stride, int64_t rows, int64_t cols) {
      const int64_t last = checkedProduct(operand.label, p.batch - 1, stride);
      return last + checkedProduct(operand.label, rows, cols);
    };
    requireElements(a, extent(a, p.aBatchStride, p.m, p.k), 4);
    requireElements(b, extent(b, p.bBatchStride, p.k, p.n), 4);
  }
  requireElements(out, checkedProduct(out.label, checkedProduct(out.label, p.batch, p.m), p.n), 4);
  p.a = a.data<float>();
  p.b = b.data<float>();
  p.c = out.data<float>();
  kernels::matmul(p);
  return makeUndefined(env);
}

}  // namespace gen::addon::calls
