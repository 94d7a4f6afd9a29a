// copyStrided, tile, gather: data movement, on elements of 1 or 4 bytes.
#include "addon/call_args.h"
#include "addon/calls.h"
#include "addon/napi_util.h"
#include "addon/operands.h"
#include "kernels/kernels.h"

namespace gen::addon::calls {

napi_value copyStrided(napi_env env, napi_callback_info info) {
  CallArgs args(env, info,
                {"src", "srcOffset", "srcStrides", "dst", "dstOffset", "dstStrides", "shape", "elementBytes"});
  const Operand src = readOperand(args, 0);
  const int64_t srcOffset = args.integer(1, 0, kMaxSafeInteger);
  const Operand dst = readOperand(args, 3);
  const int64_t dstOffset = args.integer(4, 0, kMaxSafeInteger);
  const std::vector<int64_t> shape = readShape(args, 6);
  const std::vector<int64_t> srcStrides = readStrides(args, 2, shape.size());
  const std::vector<int64_t> dstStrides = readStrides(args, 5, shape.size());
  const int elementBytes = readElementBytes(args, 7);
  const ElementRange read = requireSpan(src, srcOffset, shape, srcStrides, elementBytes);
  const ElementRange written = requireSpan(dst, dstOffset, shape, dstStrides, elementBytes);
  if (src.id == dst.id && read.overlaps(written)) {
    // On the GPU every element is copied at once: an element both read and written would be copied before or after
    // it is overwritten depending on thread timing.
    args.fail(3, "overlaps src in buffer " + std::to_string(src.id) + ": src reaches elements " +
                     std::to_string(read.first) + ".." + std::to_string(read.last) + ", dst elements " +
                     std::to_string(written.first) + ".." + std::to_string(written.last));
  }
  if (shapeSize(args.name(6), shape) == 0) return makeUndefined(env);
  const int64_t* const strides[2] = {srcStrides.data(), dstStrides.data()};
  const StridedLayout<2> layout = simplifyLayout<2>(static_cast<int>(shape.size()), shape.data(), strides);
  kernels::copyStrided(src.data<char>() + srcOffset * elementBytes, dst.data<char>() + dstOffset * elementBytes,
                       layout, elementBytes);
  return makeUndefined(env);
}

napi_value tile(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"x", "out", "inShape", "outShape", "elementBytes"});
  const Operand x = readOperand(args, 0);
  const Operand out = readOperand(args, 1);
  const std::vector<int64_t> inShape = readShape(args, 2);
  const std::vector<int64_t> outShape = readShape(args, 3);
  const int elementBytes = readElementBytes(args, 4);
  if (outShape.size() != inShape.size()) {
    args.fail(3, "must have the rank of inShape (" + std::to_string(inShape.size()) + "), got " +
                     std::to_string(outShape.size()));
  }
  const int64_t outCount = shapeSize(args.name(3), outShape);
  requireElements(x, shapeSize(args.name(2), inShape), elementBytes);
  requireElements(out, outCount, elementBytes);
  requireSeparate(out, x);
  if (outCount == 0) return makeUndefined(env);
  TileLayout layout{};
  layout.rank = static_cast<int>(inShape.size());
  int64_t stride = 1;
  for (int d = layout.rank - 1; d >= 0; --d) {
    // Output coordinates are taken modulo the input extent, which must then be positive.
    if (inShape[d] == 0) args.fail(2, "has extent 0 on axis " + std::to_string(d) + ", where outShape does not");
    layout.inShape[d] = inShape[d];
    layout.outShape[d] = outShape[d];
    layout.inStrides[d] = stride;
    stride *= inShape[d];
  }
  kernels::tile(x.data(), out.data(), layout, elementBytes);
  return makeUndefined(env);
}

napi_value gather(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"x", "indices", "out", "outer", "axisSize", "inner", "indexCount", "elementBytes"});
  const Operand x = readOperand(args, 0);
  const Operand indices = readOperand(args, 1);
  const Operand out = readOperand(args, 2);
  const int64_t outer = args.integer(3, 0, kMaxSafeInteger);
  const int64_t axisSize = args.integer(4, 0, kMaxSafeInteger);
  const int64_t inner = args.integer(5, 0, kMaxSafeInteger);
  const int64_t indexCount = args.integer(6, 0, kMaxSafeInteger);
  const int elementBytes = readElementBytes(args, 7);
  requireElements(x, checkedProduct(x.label, checkedProduct(x.label, outer, axisSize), inner), elementBytes);
  requireElements(indices, indexCount, 4);
  requireElements(out, checkedProduct(out.label, checkedProduct(out.label, outer, indexCount), inner), elementBytes);
  requireSeparate(out, x);
  requireSeparate(out, indices);
  kernels::gather(x.data(), indices.data<int32_t>(), out.data(), outer, axisSize, inner, indexCount, elementBytes);
  return makeUndefined(env);
}

}  // namespace gen::addon::calls
