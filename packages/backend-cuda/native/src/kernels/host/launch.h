// The host build's launch policy: the body of a would-be GPU thread, run for every index in order on the calling
// thread, with the index type the CUDA launch would choose (kernels/grid.h), so that the tests run the body
// instantiations the GPU runs.
#pragma once

#include <cstdint>

#include "kernels/grid.h"

namespace gen::kernels {

struct HostLaunch {
  template <class Body>
  static void run(int64_t count, const Body& body, const char*) {
    if (count <= 0) return;
    if (fitsUint32Index(count)) {
      const auto count32 = static_cast<uint32_t>(count);
      for (uint32_t i = 0; i < count32; ++i) body(i);
    } else {
      for (int64_t i = 0; i < count; ++i) body(i);
    }
  }
};

}  // namespace gen::kernels
