#include "addon/call_args.h"

#include <cmath>
#include <cstdio>

#include "addon/napi_util.h"
#include "error.h"

namespace gen::addon {
namespace {

const char* typedArrayName(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
    default: return "typed array";
  }
}

/** %.17g prints integers plainly and keeps every digit of a fraction. */
std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

CallArgs::CallArgs(napi_env env, napi_callback_info info, std::initializer_list<const char*> names)
    : env_(env), names_(names), values_(names.size()) {
  size_t count = values_.size();
  checkNapi(napi_get_cb_info(env, info, &count, values_.data(), nullptr, nullptr), "napi_get_cb_info");
  if (count != names_.size()) {
    std::string list;
    for (const char* name : names_) list += (list.empty() ? "" : ", ") + std::string(name);
    throw Error("expected " + std::to_string(names_.size()) + " arguments (" + list + "), got " +
                std::to_string(count));
  }
}

void CallArgs::fail(size_t index, const std::string& problem) const {
  throw Error(std::string(names_[index]) + " " + problem);
}

void CallArgs::expected(size_t index, const std::string& what) const {
  fail(index, "must be " + what + ", got " + describe(values_[index]));
}

bool CallArgs::typedArrayType(napi_value value, napi_typedarray_type* type) const {
  bool isTypedArray = false;
  checkNapi(napi_is_typedarray(env_, value, &isTypedArray), "napi_is_typedarray");
  if (!isTypedArray) return false;
  checkNapi(napi_get_typedarray_info(env_, value, type, nullptr, nullptr, nullptr, nullptr),
            "napi_get_typedarray_info");
  return true;
}

std::string CallArgs::describe(napi_value value) const {
  napi_valuetype type;
  checkNapi(napi_typeof(env_, value, &type), "napi_typeof");
  switch (type) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: {
      double number = 0;
      checkNapi(napi_get_value_double(env_, value, &number), "napi_get_value_double");
      return "the number " + formatNumber(number);
    }
    case napi_string: return "a string";
    case napi_bigint: return "a bigint";
    case napi_function: return "a function";
    default: {
      napi_typedarray_type arrayType;
      if (typedArrayType(value, &arrayType)) return std::string("a ") + typedArrayName(arrayType);
      bool isArray = false;
      checkNapi(napi_is_array(env_, value, &isArray), "napi_is_array");
      return isArray ? "an Array" : "an object";
    }
  }
}

double CallArgs::number(size_t index) const {
  napi_valuetype type;
  checkNapi(napi_typeof(env_, values_[index], &type), "napi_typeof");
  if (type != napi_number) expected(index, "a number");
  double value = 0;
  checkNapi(napi_get_value_double(env_, values_[index], &value), "napi_get_value_double");
  return value;
}

int64_t CallArgs::integer(size_t index, int64_t min, int64_t max) const {
  const std::string range = max == kMaxSafeInteger ? "an integer ≥ " + std::to_string(min)
                                                   : "an integer in [" + std::to_string(min) + ", " +
                                                         std::to_string(max) + "]";
  napi_valuetype type;
  checkNapi(napi_typeof(env_, values_[index], &type), "napi_typeof");
  if (type != napi_number) expected(index, range);
  const double value = number(index);
  if (!(value >= static_cast<double>(min) && value <= static_cast<double>(max)) || std::trunc(value) != value) {
    expected(index, range);
  }
  return static_cast<int64_t>(value);
}

bool CallArgs::boolean(size_t index) const {
  napi_valuetype type;
  checkNapi(napi_typeof(env_, values_[index], &type), "napi_typeof");
  if (type != napi_boolean) expected(index, "a boolean");
  bool value = false;
  checkNapi(napi_get_value_bool(env_, values_[index], &value), "napi_get_value_bool");
  return value;
}

std::vector<int64_t> CallArgs::int32Array(size_t index, size_t maxLength) const {
  napi_typedarray_type type;
  if (!typedArrayType(values_[index], &type) || type != napi_int32_array) expected(index, "an Int32Array");
  size_t length = 0;
  void* data = nullptr;
  checkNapi(napi_get_typedarray_info(env_, values_[index], &type, &length, &data, nullptr, nullptr),
            "napi_get_typedarray_info");
  if (length > maxLength) {
    fail(index, "must hold at most " + std::to_string(maxLength) + " elements, got " + std::to_string(length));
  }
  const int32_t* elements = static_cast<const int32_t*>(data);
  return std::vector<int64_t>(elements, elements + length);
}

std::vector<double> CallArgs::float64Array(size_t index) const {
  napi_typedarray_type type;
  if (!typedArrayType(values_[index], &type) || type != napi_float64_array) expected(index, "a Float64Array");
  size_t length = 0;
  void* data = nullptr;
  checkNapi(napi_get_typedarray_info(env_, values_[index], &type, &length, &data, nullptr, nullptr),
            "napi_get_typedarray_info");
  const double* elements = static_cast<const double*>(data);
  return std::vector<double>(elements, elements + length);
}

HostBytes CallArgs::hostArray(size_t index) const {
  napi_typedarray_type type;
  if (!typedArrayType(values_[index], &type) ||
      (type != napi_float32_array && type != napi_int32_array && type != napi_uint8_array)) {
    expected(index, "a Float32Array, Int32Array or Uint8Array");
  }
  size_t length = 0;
  void* data = nullptr;
  checkNapi(napi_get_typedarray_info(env_, values_[index], &type, &length, &data, nullptr, nullptr),
            "napi_get_typedarray_info");
  const size_t elementBytes = type == napi_uint8_array ? 1 : 4;
  return HostBytes{data, length * elementBytes};
}

}  // namespace gen::addon
