// Small N-API helpers: a failed N-API call as gen::Error (they fail only on allocation failure or a throwing getter)
// and the JavaScript values the addon returns.
#pragma once

#include <node_api.h>

#include <string>

#include "error.h"

namespace gen::addon {

inline void checkNapi(napi_status status, const char* call) {
  if (status != napi_ok) throw Error(std::string(call) + " failed (napi_status " + std::to_string(status) + ")");
}

inline napi_value makeUndefined(napi_env env) {
  napi_value value;
  checkNapi(napi_get_undefined(env, &value), "napi_get_undefined");
  return value;
}

inline napi_value makeNumber(napi_env env, double number) {
  napi_value value;
  checkNapi(napi_create_double(env, number, &value), "napi_create_double");
  return value;
}

inline napi_value makeString(napi_env env, const std::string& text) {
  napi_value value;
  checkNapi(napi_create_string_utf8(env, text.data(), text.size(), &value), "napi_create_string_utf8");
  return value;
}

inline napi_value makeBoolean(napi_env env, bool flag) {
  napi_value value;
  checkNapi(napi_get_boolean(env, flag, &value), "napi_get_boolean");
  return value;
}

inline void setProperty(napi_env env, napi_value object, const char* key, napi_value value) {
  checkNapi(napi_set_named_property(env, object, key, value), "napi_set_named_property");
}

}  // namespace gen::addon
