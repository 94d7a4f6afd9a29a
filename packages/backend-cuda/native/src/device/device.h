// Device memory and the device probe, implemented by device_cuda.cc (cudaMalloc & co.) and device_host.cc (the host
// build: malloc). Failures throw gen::Error naming the call.
#pragma once

#include <cstddef>
#include <string>

namespace gen::device {

/** Mirrors DeviceProbe in binding.ts. */
struct Probe {
  bool available = false;
  std::string reason;
  std::string mode;
  std::string deviceName;
  std::string computeCapability;
  double totalMemoryBytes = 0;
  int runtimeVersion = 0;
  int driverVersion = 0;
};

/** Looks at the device now; never throws (a failure is reported in `reason`). */
Probe probe() noexcept;

void* allocate(size_t bytes);
void release(void* pointer);
void copyToDevice(void* deviceDst, const void* hostSrc, size_t bytes);
/** Waits for the kernels queued before it, so a failed launch can surface here. */
void copyToHost(void* hostDst, const void* deviceSrc, size_t bytes);

}  // namespace gen::device
