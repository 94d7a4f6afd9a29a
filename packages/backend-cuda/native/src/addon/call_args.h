// Reads and checks the JavaScript arguments of one addon call. A wrong argument throws gen::Error saying which
// argument, what it must be and what arrived ("out must be an integer ≥ 1, got the string 'a'"); the addon puts the
// function's name in front.
#pragma once

#include <node_api.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace gen::addon {

/** Integers JavaScript numbers hold exactly: the largest bound any argument may take. */
constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53) - 1;

/** The bytes of a Float32Array, Int32Array or Uint8Array argument (a view of the JavaScript memory). */
struct HostBytes {
  void* data;
  size_t byteLength;
};

class CallArgs {
 public:
  /** Reads the call's arguments; throws unless there are exactly as many as `names` (used in messages). */
  CallArgs(napi_env env, napi_callback_info info, std::initializer_list<const char*> names);

  /** An integral number in [min, max]. */
  int64_t integer(size_t index, int64_t min, int64_t max) const;
  /** Any number (NaN and ±Infinity included). */
  double number(size_t index) const;
  bool boolean(size_t index) const;
  /** An Int32Array of at most `maxLength` elements, widened. */
  std::vector<int64_t> int32Array(size_t index, size_t maxLength) const;
  std::vector<double> float64Array(size_t index) const;
  HostBytes hostArray(size_t index) const;

  const char* name(size_t index) const { return names_[index]; }
  /** Throws "<name> <problem>". */
  [[noreturn]] void fail(size_t index, const std::string& problem) const;

 private:
  /** Throws "<name> must be <expected>, got <what arrived>". */
  [[noreturn]] void expected(size_t index, const std::string& what) const;
  std::string describe(napi_value value) const;
  /** The typed array's type, or false when `value` is not a typed array. */
  bool typedArrayType(napi_value value, napi_typedarray_type* type) const;

  napi_env env_;
  std::vector<const char*> names_;
  std::vector<napi_value> values_;
};

}  // namespace gen::addon
