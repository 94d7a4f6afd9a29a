// Shared by both builds: nvcc compiles what is marked GEN_HD for the host and the device, g++ sees plain inline
// functions. Also the limits and codes that the TypeScript contract (src/native/binding.ts) fixes.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define GEN_HD __host__ __device__ __forceinline__
#else
#define GEN_HD inline
#endif

namespace gen {

/** Highest rank of the strided kernels (MAX_RANK in binding.ts). */
constexpr int kMaxRank = 8;

/** Element types as binding.ts's DTYPE_CODE numbers them. */
enum DType : int { kFloat32 = 0, kInt32 = 1, kBool = 2 };

/** Bytes of one element of `dtype`: float32 and int32 are 4, bool is stored as one uint8. */
constexpr int dtypeBytes(int dtype) { return dtype == kBool ? 1 : 4; }

}  // namespace gen
