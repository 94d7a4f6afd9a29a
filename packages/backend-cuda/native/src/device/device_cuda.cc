// The CUDA build's device: cudart calls on the current device (device 0 unless CUDA_VISIBLE_DEVICES says otherwise).
// All work goes to the legacy default stream, so a synchronous cudaMemcpy is ordered after the queued kernels.
#include <cuda_runtime_api.h>

#include <string>

#include "device/cuda_check.h"
#include "device/device.h"
#include "kernels/cuda/image_check.h"

namespace gen::device {
namespace {

/** CUDA's version integers are 1000·major + 10·minor. */
std::string formatVersion(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

/** What a failed cudaGetDeviceCount means for someone who wanted to train on a GPU. */
std::string explainInitFailure(cudaError_t status, int driverVersion, int runtimeVersion) {
  switch (status) {
    case cudaErrorNoDevice:
      return "no CUDA-capable GPU is visible to this process: none is installed, the NVIDIA driver does not see it, "
             "or CUDA_VISIBLE_DEVICES hides it";
    case cudaErrorInsufficientDriver:
      if (driverVersion == 0) return "no NVIDIA driver is installed (libcuda.so could not be loaded)";
      return "the NVIDIA driver supports CUDA " + formatVersion(driverVersion) + " but this addon needs CUDA " +
             formatVersion(runtimeVersion) + "; update the driver";
    case cudaErrorDevicesUnavailable:
      return "every GPU is busy or in exclusive-process mode";
    case cudaErrorMemoryAllocation:
      return "the GPU has no memory left for a CUDA context";
    default:
      return "the CUDA runtime could not initialize";
  }
}

Probe probeOrThrow() {
  Probe p;
  p.mode = "cuda";
  // Both report 0 rather than fail when there is no driver; their status is not needed.
  cudaRuntimeGetVersion(&p.runtimeVersion);
  cudaDriverGetVersion(&p.driverVersion);
  const std::string unusable = "; the cuda backend cannot run here (initBackend('auto') falls back to wasm)";

  int count = 0;
  cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    p.reason = "cudaGetDeviceCount failed: " + describeCudaError(status) + ": " +
               explainInitFailure(status, p.driverVersion, p.runtimeVersion) + unusable;
    return p;
  }
  if (count == 0) {
    p.reason = "cudaGetDeviceCount found no CUDA device" + unusable;
    return p;
  }
  int device = 0;
  status = cudaGetDevice(&device);
  if (status != cudaSuccess) {
    p.reason = "cudaGetDevice failed: " + describeCudaError(status) + unusable;
    return p;
  }
  cudaDeviceProp properties{};
  status = cudaGetDeviceProperties(&properties, device);
  if (status != cudaSuccess) {
    p.reason = "cudaGetDeviceProperties failed: " + describeCudaError(status) + unusable;
    return p;
  }
  p.deviceName = properties.name;
  p.computeCapability = std::to_string(properties.major) + "." + std::to_string(properties.minor);
  p.totalMemoryBytes = static_cast<double>(properties.totalGlobalMem);

  // Creates the device's primary context (cudaSetDevice does since CUDA 12), so that a GPU that cannot take one —
  // busy, in exclusive-process or prohibited compute mode, out of memory — is reported as such, and not as a
  // missing kernel image by the check below (which would otherwise be the first call to need a context).
  status = cudaSetDevice(device);
  if (status != cudaSuccess) {
    p.reason = "cudaSetDevice failed: " + describeCudaError(status) + ": " +
               explainInitFailure(status, p.driverVersion, p.runtimeVersion) + unusable;
    return p;
  }

  status = kernels::checkKernelImage();
  if (status != cudaSuccess) {
    const bool noImage = status == cudaErrorNoKernelImageForDevice || status == cudaErrorInvalidDeviceFunction ||
                         status == cudaErrorUnsupportedPtxVersion || status == cudaErrorInvalidPtx ||
                         status == cudaErrorJitCompilerNotFound;
    p.reason = "cudaFuncGetAttributes failed: " + describeCudaError(status) + ": " +
               (noImage ? "this addon has no kernels for " + p.deviceName + " (compute capability " +
                              p.computeCapability + "); rebuild it with an nvcc that targets this GPU"
                        : std::string("the kernels of this addon could not be loaded on ") + p.deviceName) +
               unusable;
    return p;
  }
  p.available = true;
  return p;
}

}  // namespace

Probe probe() noexcept {
  Probe p;
  try {
    p = probeOrThrow();
  } catch (const std::exception& error) {
    p = Probe{};
    p.mode = "cuda";
    p.reason = std::string("probing the device failed: ") + error.what();
  } catch (...) {
    p = Probe{};
    p.mode = "cuda";
    p.reason = "probing the device failed with an unknown exception";
  }
  // A failed call above left its error in the thread's error slot; the reason reports it, and a later launch must
  // not report it again.
  clearLastError();
  return p;
}

void* allocate(size_t bytes) {
  void* pointer = nullptr;
  checkCuda(cudaMalloc(&pointer, bytes), "cudaMalloc(" + std::to_string(bytes) + " bytes)");
  return pointer;
}

void release(void* pointer) { checkCuda(cudaFree(pointer), "cudaFree"); }

void copyToDevice(void* deviceDst, const void* hostSrc, size_t bytes) {
  checkCuda(cudaMemcpy(deviceDst, hostSrc, bytes, cudaMemcpyHostToDevice), "cudaMemcpy (host to device)");
}

void copyToHost(void* hostDst, const void* deviceSrc, size_t bytes) {
  checkCuda(cudaMemcpy(hostDst, deviceSrc, bytes, cudaMemcpyDeviceToHost),
            "cudaMemcpy (device to host; an error here may come from a kernel queued earlier)");
}

}  // namespace gen::device
