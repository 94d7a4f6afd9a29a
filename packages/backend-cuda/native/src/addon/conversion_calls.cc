// fill, cast, oneHot.
#include <cstring>

#include "addon/call_args.h"
#include "addon/calls.h"
#include "addon/napi_util.h"
#include "addon/operands.h"
#include "kernels/kernels.h"
#include "math/convert.h"

namespace gen::addon::calls {
namespace {

/** `value` converted to `dtype`, as the bits one element of that type holds. */
uint32_t elementPattern(double value, int dtype) {
  if (dtype == kBool) return value != 0 ? 1 : 0;
  if (dtype == kInt32) return static_cast<uint32_t>(truncateToInt32(value));
  const float single = static_cast<float>(value);
  uint32_t bits = 0;
  std::memcpy(&bits, &single, sizeof bits);
  return bits;
}

}  // namespace

napi_value fill(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"out", "size", "value", "dtype"});
  const Operand out = readOperand(args, 0);
  const int64_t size = args.integer(1, 0, kMaxSafeInteger);
  const double value = args.number(2);
  const int dtype = readDType(args, 3);
  requireElements(out, size, dtypeBytes(dtype));
  kernels::fill(out.data(), size, elementPattern(value, dtype), dtypeBytes(dtype));
  return makeUndefined(env);
}

napi_value cast(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"x", "fromDtype", "out", "toDtype", "size"});
  const Operand x = readOperand(args, 0);
  const int fromDtype = readDType(args, 1);
  const Operand out = readOperand(args, 2);
  const int toDtype = readDType(args, 3);
  const int64_t size = args.integer(4, 0, kMaxSafeInteger);
  requireElements(x, size, dtypeBytes(fromDtype));
  requireElements(out, size, dtypeBytes(toDtype));
  // In place only between types of one width: element i of a narrower output overlaps another input element.
  if (dtypeBytes(fromDtype) != dtypeBytes(toDtype)) requireSeparate(out, x);
  kernels::cast(x.data(), fromDtype, out.data(), toDtype, size);
  return makeUndefined(env);
}

napi_value oneHot(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"indices", "out", "n", "depth", "onValue", "offValue"});
  const Operand indices = readOperand(args, 0);
  const Operand out = readOperand(args, 1);
  const int64_t n = args.integer(2, 0, kMaxSafeInteger);
  const int64_t depth = args.integer(3, 0, INT32_MAX);
  const double onValue = args.number(4);
  const double offValue = args.number(5);
  requireElements(indices, n, 4);
  requireElements(out, checkedProduct(out.label, n, depth), 4);
  requireSeparate(out, indices);
  kernels::oneHot(indices.data<int32_t>(), out.data<float>(), n, depth, static_cast<float>(onValue),
                  static_cast<float>(offValue));
  return makeUndefined(env);
}

}  // namespace gen::addon::calls
