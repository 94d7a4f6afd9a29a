// The one exception type of the native code; the addon turns it into a JavaScript Error.
#pragma once

#include <stdexcept>

namespace gen {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace gen
