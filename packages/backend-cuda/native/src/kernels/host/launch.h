// The host build's launch policy: the body of a would-be GPU thread, run for every index in order on the calling
// thread.
#pragma once

#include <cstdint>

namespace gen::kernels {

struct HostLaunch {
  template <class Body>
  static void run(int64_t count, const Body& body, const char*) {
    for (int64_t i = 0; i < count; ++i) body(i);
  }
};

}  // namespace gen::kernels
