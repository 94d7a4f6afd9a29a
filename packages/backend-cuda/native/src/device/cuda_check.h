// Turns CUDA runtime status codes into gen::Error: "<call> failed: <cudaGetErrorString> (<cudaGetErrorName>)".
#pragma once

#include <cuda_runtime_api.h>

#include <string>

#include "error.h"

namespace gen {

inline std::string describeCudaError(cudaError_t status) {
  return std::string(cudaGetErrorString(status)) + " (" + cudaGetErrorName(status) + ")";
}

/**
 * Forgets the error the last failed runtime call left in the thread's error slot (what cudaGetLastError returns).
 * Every runtime call that fails, not only a launch, records its error there, and a failure that was already reported
 * (a cudaMalloc out of memory, caught in JavaScript) would otherwise be reported again by the next launch's check
 * as if that launch had failed. A sticky error (a kernel that faulted) stays: every later call returns it.
 */
inline void clearLastError() { static_cast<void>(cudaGetLastError()); }

inline void checkCuda(cudaError_t status, const std::string& call) {
  if (status != cudaSuccess) {
    clearLastError();
    throw Error(call + " failed: " + describeCudaError(status));
  }
}

/**
 * Launches with `launch()` (a <<<…>>> expression) and throws when the launch itself failed: a bad configuration or
 * a missing kernel image shows up in cudaGetLastError. Errors from running the kernel surface later, in the next
 * synchronising call (download's cudaMemcpy).
 */
template <class Launch>
void launchChecked(const char* kernel, Launch&& launch) {
  clearLastError();
  launch();
  checkCuda(cudaGetLastError(), std::string("launching the ") + kernel + " kernel (cudaGetLastError)");
}

}  // namespace gen
