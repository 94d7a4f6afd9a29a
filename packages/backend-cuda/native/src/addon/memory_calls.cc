// probe, alloc, free, bytesInUse, upload, download.
#include "addon/buffer_table.h"
#include "addon/call_args.h"
#include "addon/calls.h"
#include "addon/napi_util.h"
#include "addon/operands.h"
#include "device/device.h"

namespace gen::addon::calls {

napi_value probe(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {});
  const device::Probe p = device::probe();
  napi_value result;
  checkNapi(napi_create_object(env, &result), "napi_create_object");
  setProperty(env, result, "available", makeBoolean(env, p.available));
  setProperty(env, result, "reason", makeString(env, p.reason));
  setProperty(env, result, "mode", makeString(env, p.mode));
  setProperty(env, result, "deviceName", makeString(env, p.deviceName));
  setProperty(env, result, "computeCapability", makeString(env, p.computeCapability));
  setProperty(env, result, "totalMemoryBytes", makeNumber(env, p.totalMemoryBytes));
  setProperty(env, result, "runtimeVersion", makeNumber(env, p.runtimeVersion));
  setProperty(env, result, "driverVersion", makeNumber(env, p.driverVersion));
  return result;
}

napi_value alloc(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"bytes"});
  const int64_t bytes = args.integer(0, 1, kMaxSafeInteger);
  return makeNumber(env, static_cast<double>(buffers().allocate(static_cast<size_t>(bytes))));
}

napi_value free(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"id"});
  buffers().free(args.integer(0, 1, kMaxSafeInteger));
  return makeUndefined(env);
}

napi_value bytesInUse(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {});
  return makeNumber(env, static_cast<double>(buffers().bytesInUse()));
}

namespace {

/** The host array argument, after checking that it fits in the buffer. */
HostBytes readFittingArray(const CallArgs& args, const Operand& buffer, size_t index) {
  const HostBytes host = args.hostArray(index);
  if (host.byteLength > buffer.buffer.bytes) {
    args.fail(index, "holds " + std::to_string(host.byteLength) + " bytes, more than buffer " +
                         std::to_string(buffer.id) + " holds (" + std::to_string(buffer.buffer.bytes) + " bytes)");
  }
  return host;
}

}  // namespace

napi_value upload(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"id", "values"});
  const Operand buffer = readOperand(args, 0);
  const HostBytes values = readFittingArray(args, buffer, 1);
  if (values.byteLength > 0) device::copyToDevice(buffer.data(), values.data, values.byteLength);
  return makeUndefined(env);
}

napi_value download(napi_env env, napi_callback_info info) {
  CallArgs args(env, info, {"id", "out"});
  const Operand buffer = readOperand(args, 0);
  const HostBytes out = readFittingArray(args, buffer, 1);
  if (out.byteLength > 0) device::copyToHost(out.data, buffer.data(), out.byteLength);
  return makeUndefined(env);
}

}  // namespace gen::addon::calls
