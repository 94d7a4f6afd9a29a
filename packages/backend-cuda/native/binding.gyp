# Two addons from one source tree (see src/native/binding.ts):
#   gen_cuda_host — g++ only: the shared element math run as loops on the CPU; always built.
#   gen_cuda      — the same binding layer with CUDA kernels compiled by nvcc, linked against the static CUDA
#                   runtime so that it loads without libcudart.so on the library path; only with gen_with_cuda=1.
# scripts/build-native.mjs runs node-gyp with the -D variables below set from the toolkit it finds.
{
  'variables': {
    'gen_with_cuda%': 0,
    'gen_nvcc%': 'nvcc',
    'gen_cuda_include%': '/usr/local/cuda/include',
    'gen_cudart_static%': '/usr/local/cuda/lib64/libcudart_static.a',
    # -gencode flags, space-separated; scripts/build-native.mjs picks them from what the nvcc found supports
    # (scripts/find-toolchain.mjs). Empty: nvcc's default architecture only.
    'gen_cuda_arch_flags%': '',
    'addon_sources': [
      'src/addon/buffer_table.cc',
      'src/addon/call_args.cc',
      'src/addon/conversion_calls.cc',
      'src/addon/elementwise_calls.cc',
      'src/addon/memory_calls.cc',
      'src/addon/module.cc',
      'src/addon/movement_calls.cc',
      'src/addon/operands.cc',
      'src/addon/reduction_calls.cc',
    ],
  },
  'target_defaults': {
    'include_dirs': ['src'],
    'defines': ['NAPI_VERSION=8'],
    # node-gyp's defaults turn C++ exceptions off; the addon reports every error as one.
    'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
    'cflags_cc': ['-fexceptions', '-std=c++17', '-O3', '-Wall', '-Wextra'],
  },
  'targets': [
    {
      'target_name': 'gen_cuda_host',
      'sources': [
        '<@(addon_sources)',
        'src/device/device_host.cc',
        'src/kernels/host/elementwise_host.cc',
        'src/kernels/host/matmul_host.cc',
        'src/kernels/host/reduce_host.cc',
      ],
    },
  ],
  'conditions': [
    ['gen_with_cuda==1', {
      'targets': [
        {
          'target_name': 'gen_cuda',
          'include_dirs': ['<(gen_cuda_include)'],
          'sources': [
            '<@(addon_sources)',
            'src/device/device_cuda.cc',
            'src/kernels/cuda/elementwise.cu',
            'src/kernels/cuda/matmul.cu',
            'src/kernels/cuda/reduce.cu',
          ],
          'rules': [
            {
              'rule_name': 'nvcc',
              'extension': 'cu',
              # Every header a .cu file includes, so that changing one rebuilds the CUDA objects.
              'inputs': [
                'src/device/cuda_check.h',
                'src/error.h',
                'src/math/binary_ops.h',
                'src/math/convert.h',
                'src/math/hd.h',
                'src/math/reduce_ops.h',
                'src/math/sgemm_tiles.h',
                'src/math/strided.h',
                'src/math/unary_ops.h',
                'src/kernels/elementwise.h',
                'src/kernels/grid.h',
                'src/kernels/kernels.h',
                'src/kernels/cuda/image_check.h',
                'src/kernels/cuda/launch.cuh',
              ],
              'outputs': ['<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).o'],
              'action': [
                '<(gen_nvcc)', '-std=c++17', '-O3', '-Xcompiler', '-fPIC', '-Isrc', '-I<(gen_cuda_include)',
                '<@(gen_cuda_arch_flags)', '-c', '<(RULE_INPUT_PATH)', '-o', '<@(_outputs)',
              ],
              'message': 'nvcc <(RULE_INPUT_NAME)',
              'process_outputs_as_sources': 1,
            },
          ],
          'libraries': ['<(gen_cudart_static)', '-ldl', '-lrt', '-lpthread'],
          # Keep the static runtime's symbols private to this module.
          'ldflags': ['-Wl,--exclude-libs,ALL'],
        },
      ],
    }],
  ],
}
