// The functions the addon exports, one per NativeBinding method in src/native/binding.ts (same names, same argument
// order). Each reads and checks its arguments, then calls device/ or kernels/; module.cc registers them and turns
// any gen::Error into a JavaScript Error prefixed with the function's name.
#pragma once

#include <node_api.h>

namespace gen::addon::calls {

// memory_calls.cc
napi_value probe(napi_env env, napi_callback_info info);
napi_value alloc(napi_env env, napi_callback_info info);
napi_value free(napi_env env, napi_callback_info info);
napi_value bytesInUse(napi_env env, napi_callback_info info);
napi_value upload(napi_env env, napi_callback_info info);
napi_value download(napi_env env, napi_callback_info info);

// elementwise_calls.cc
napi_value unary(napi_env env, napi_callback_info info);
napi_value binary(napi_env env, napi_callback_info info);
napi_value select(napi_env env, napi_callback_info info);
napi_value isFinite(napi_env env, napi_callback_info info);
napi_value linearCombination(napi_env env, napi_callback_info info);

// conversion_calls.cc
napi_value fill(napi_env env, napi_callback_info info);
napi_value cast(napi_env env, napi_callback_info info);
napi_value oneHot(napi_env env, napi_callback_info info);

// reduction_calls.cc
napi_value reduce(napi_env env, napi_callback_info info);
napi_value matmul(napi_env env, napi_callback_info info);

// movement_calls.cc
napi_value copyStrided(napi_env env, napi_callback_info info);
napi_value tile(napi_env env, napi_callback_info info);
napi_value gather(napi_env env, napi_callback_info info);

}  // namespace gen::addon::calls
