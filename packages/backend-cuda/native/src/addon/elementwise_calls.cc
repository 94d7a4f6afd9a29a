// unary, binary, select, isFinite, linearCombination.
#include <algorithm>

#include "addon/call_args.h"
#include "addon/calls.h"
#include "addon/napi_util.h"
#include "addon/operands.h"
#include "error.h"
#include "kernels/kernels.h"
#include "math/binary_ops.h"
#include "math/unary_ops.h"

namespace gen::addon::calls {
namespace {

/** Whether walking `shape` row-major reads this operand's element i at step i (a contiguous row-major operand). */
bool readsInWalkOrder(const std::vector<int64_t>& shape, const std::vector<int64_t>& strides) {
  int64_t step = 1;
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] != 1 && strides[d] != step) return false;
    step *= shape[d];
  }
  return true;
}

}  // namespace

napi_value unary(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"op", "x", "out", "size", "alpha"});
  const int op = static_cast<int>(args.integer(0, 0, INT32_MAX));
  if (!visitUnaryOp(op, [](auto) {})) args.fail(0, "is not a UNARY_OP code, got " + std::to_string(op));
  const Operand x = readOperand(args, 1);
  const Operand out = readOperand(args, 2);
  const int64_t size = args.integer(3, 0, kMaxSafeInteger);
  const double alpha = args.number(4);
  requireElements(x, size, 4);
  requireElements(out, size, 4);
  kernels::unary(op, x.data<float>(), out.data<float>(), size, static_cast<float>(alpha));
  return makeUndefined(env);
}

napi_value binary(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"op", "a", "b", "out", "outShape", "aStrides", "bStrides"});
  const int op = static_cast<int>(args.integer(0, 0, INT32_MAX));
  int inBytes = 0;
  int outBytes = 0;
  const bool known = visitBinaryOp(op, [&](auto f) {
    inBytes = sizeof(typename decltype(f)::In);
    outBytes = sizeof(typename decltype(f)::Out);
  });
  if (!known) args.fail(0, "is not a BINARY_OP code, got " + std::to_string(op));
  const Operand a = readOperand(args, 1);
  const Operand b = readOperand(args, 2);
  const Operand out = readOperand(args, 3);
  const std::vector<int64_t> shape = readShape(args, 4);
  const std::vector<int64_t> aStrides = readStrides(args, 5, shape.size());
  const std::vector<int64_t> bStrides = readStrides(args, 6, shape.size());
  const int64_t count = shapeSize(args.name(4), shape);
  requireSpan(a, 0, shape, aStrides, inBytes);
  requireSpan(b, 0, shape, bStrides, inBytes);
  requireElements(out, count, outBytes);
  // In place is fine where out[i] comes from the operand's element i of the same size; a broadcast, a transposed
  // operand or bools written over floats would be overwritten while other threads still read them.
  if (inBytes != outBytes || !readsInWalkOrder(shape, aStrides)) requireSeparate(out, a);
  if (inBytes != outBytes || !readsInWalkOrder(shape, bStrides)) requireSeparate(out, b);
  if (count == 0) return makeUndefined(env);
  const int64_t* const strides[2] = {aStrides.data(), bStrides.data()};
  const StridedLayout<2> layout = simplifyLayout<2>(static_cast<int>(shape.size()), shape.data(), strides);
  kernels::binary(op, a.data(), b.data(), out.data(), layout);
  return makeUndefined(env);
}

napi_value select(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"cond", "a", "b", "out", "size", "dtype"});
  const Operand cond = readOperand(args, 0);
  const Operand a = readOperand(args, 1);
  const Operand b = readOperand(args, 2);
  const Operand out = readOperand(args, 3);
  const int64_t size = args.integer(4, 0, kMaxSafeInteger);
  const int elementBytes = dtypeBytes(readDType(args, 5));
  requireElements(cond, size, 1);
  requireElements(a, size, elementBytes);
  requireElements(b, size, elementBytes);
  requireElements(out, size, elementBytes);
  // out may be a's or b's buffer (element i from element i); cond's only when its elements are as wide (bool).
  if (elementBytes != 1) requireSeparate(out, cond);
  kernels::select(cond.data<uint8_t>(), a.data(), b.data(), out.data(), size, elementBytes);
  return makeUndefined(env);
}

napi_value isFinite(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"x", "out", "size"});
  const Operand x = readOperand(args, 0);
  const Operand out = readOperand(args, 1);
  const int64_t size = args.integer(2, 0, kMaxSafeInteger);
  requireElements(x, size, 4);
  requireElements(out, size, 1);
  requireSeparate(out, x);
  kernels::isFinite(x.data<float>(), out.data<uint8_t>(), size);
  return makeUndefined(env);
}

napi_value linearCombination(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"base", "terms", "coefficients", "out", "size"});
  const Operand base = readOperand(args, 0);
  const std::vector<int64_t> termIds = args.int32Array(1, SIZE_MAX);
  const std::vector<double> coefficients = args.float64Array(2);
  const Operand out = readOperand(args, 3);
  const int64_t size = args.integer(4, 0, kMaxSafeInteger);
  if (coefficients.size() != termIds.size()) {
    args.fail(2, "must hold one coefficient per term (" + std::to_string(termIds.size()) + "), got " +
                     std::to_string(coefficients.size()));
  }
  requireElements(base, size, 4);
  requireElements(out, size, 4);
  std::vector<Operand> terms;
  for (size_t j = 0; j < termIds.size(); ++j) {
    terms.push_back(lookUpOperand(std::string(args.name(1)) + "[" + std::to_string(j) + "]", termIds[j]));
    requireElements(terms.back(), size, 4);
    if (terms.back().id == out.id) {
      throw Error(terms.back().label + " is out's buffer; only base may share it (updated in place)");
    }
  }
  // One launch per kMaxLinearTerms terms; each continues the sum in `out`, in the same order as a single launch.
  size_t start = 0;
  do {
    kernels::LinearTerms chunk{};
    chunk.count = static_cast<int>(std::min<size_t>(terms.size() - start, kernels::kMaxLinearTerms));
    for (int j = 0; j < chunk.count; ++j) {
      chunk.terms[j] = terms[start + j].data<float>();
      chunk.coefficients[j] = static_cast<float>(coefficients[start + j]);
    }
    kernels::linearCombination(start == 0 ? base.data<float>() : out.data<float>(), chunk, out.data<float>(), size);
    start += chunk.count;
  } while (start < terms.size());
  return makeUndefined(env);
}

}  // namespace gen::addon::calls
