// The host build's "device": ordinary heap memory, always available.
#include <cstdlib>
#include <cstring>
#include <string>

#include "device/device.h"
#include "error.h"

namespace gen::device {

Probe probe() noexcept {
  Probe p;
  p.available = true;
  p.mode = "host";
  p.deviceName = "host";
  return p;
}

void* allocate(size_t bytes) {
  void* pointer = std::malloc(bytes);
  if (pointer == nullptr) throw Error("malloc(" + std::to_string(bytes) + " bytes) failed: out of host memory");
  return pointer;
}

void release(void* pointer) { std::free(pointer); }

void copyToDevice(void* deviceDst, const void* hostSrc, size_t bytes) { std::memcpy(deviceDst, hostSrc, bytes); }

void copyToHost(void* hostDst, const void* deviceSrc, size_t bytes) { std::memcpy(hostDst, deviceSrc, bytes); }

}  // namespace gen::device
