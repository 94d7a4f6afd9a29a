// Registers the exported functions. Each goes through `guarded`, which turns a C++ exception into a JavaScript
// Error whose message starts with the function's name ("matmul: out (buffer 3, …) is too small: …").
#include <node_api.h>

#include <exception>
#include <string>

#include "addon/calls.h"
#include "addon/napi_util.h"

namespace gen::addon {
namespace {

struct Export {
  const char* name;
  napi_callback call;
};

constexpr Export kExports[] = {
    {"probe", calls::probe},
    {"alloc", calls::alloc},
    {"free", calls::free},
    {"bytesInUse", calls::bytesInUse},
    {"upload", calls::upload},
    {"download", calls::download},
    {"unary", calls::unary},
    {"binary", calls::binary},
    {"select", calls::select},
    {"isFinite", calls::isFinite},
    {"reduce", calls::reduce},
    {"matmul", calls::matmul},
    {"copyStrided", calls::copyStrided},
    {"tile", calls::tile},
    {"gather", calls::gather},
    {"fill", calls::fill},
    {"cast", calls::cast},
    {"oneHot", calls::oneHot},
    {"linearCombination", calls::linearCombination},
};

/** The callback N-API sees: `data` is the function's entry in kExports. */
napi_value guarded(napi_env env, napi_callback_info info) {
  void* data = nullptr;
  napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
  const Export& entry = *static_cast<const Export*>(data);
  try {
    return entry.call(env, info);
  } catch (const std::exception& error) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    // An exception already pending (a throwing getter, say) says more than a second one would.
    if (!pending) napi_throw_error(env, nullptr, (std::string(entry.name) + ": " + error.what()).c_str());
    return nullptr;
  }
}

napi_value init(napi_env env, napi_value exports) {
  try {
    for (const Export& entry : kExports) {
      napi_value function;
      checkNapi(napi_create_function(env, entry.name, NAPI_AUTO_LENGTH, guarded, const_cast<Export*>(&entry),
                                     &function),
                "napi_create_function");
      setProperty(env, exports, entry.name, function);
    }
    return exports;
  } catch (const std::exception& error) {
    napi_throw_error(env, nullptr, (std::string("loading the addon: ") + error.what()).c_str());
    return nullptr;
  }
}

}  // namespace
}  // namespace gen::addon

NAPI_MODULE(NODE_GYP_MODULE_NAME, gen::addon::init)
