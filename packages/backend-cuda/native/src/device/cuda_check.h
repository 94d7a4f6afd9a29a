// Turns CUDA runtime status codes into gen::Error: "<call> failed: <cudaGetErrorString> (<cudaGetErrorName>)".
#pragma once

#include <cuda_runtime_api.h>

#include <string>

#include "error.h"

namespace gen {

inline std::string describeCudaError(cudaError_t status) {
  return std::string(cudaGetErrorString(status)) + " (" + cudaGetErrorName(status) + ")";
}

inline void checkCuda(cudaError_t status, const std::string& call) {
  if (status != cudaSuccess) throw Error(call + " failed: " + describeCudaError(status));
}

/** After a kernel launch: a bad configuration or missing kernel image shows up in cudaGetLastError. */
inline void checkLaunch(const char* kernel) {
  checkCuda(cudaGetLastError(), std::string("launching the ") + kernel + " kernel (cudaGetLastError)");
}

}  // namespace gen
