/**
 * The gradients of one U-Net conv layer (3×3, 32 → 32 channels, explicit padding 1, 28×28 images), gen's kernels
 * against what they replace, interleaved round by round so that both see the same load:
 * - `Conv2DBackpropFilter` on wasm at batch 64: gen's kernel (patch matrix as shifted copies of the padded input on
 *   the stride-phase grid, one XNNPACK `BatchMatMul`) against the formulation the U-Net used before as its own
 *   custom gradient (one forward convolution of the batch-transposed, padded input by dy as a 28×28 filter, plus its
 *   pad, transposes and slice); gen's former im2col kernel took 119–155 ms where this kernel took 88–99 ms and the
 *   forward-convolution form 127–147 ms (2026-12-05, same process, load average about 12);
 * - `Conv2DBackpropInput` on wasm at batch 64: gen's kernel (XNNPACK's forward convolution of the spread dy by the
 *   rotated filter) against tfjs-backend-wasm 4.22's own (a plain loop);
 * - `Conv2DBackpropFilter` on cpu at batch 4: gen's kernel (the same grid, the cpu backend's `BatchMatMul`) against
 *   tfjs 4.22's cpu kernel (about 40× the forward convolution).
 * The replaced kernels are taken from the registry when this module loads, before `registerGenKernels` replaces them.
 */
import * as tf from '@tensorflow/tfjs';
import { registerGenKernels } from '../src/kernels/register-gen-kernels.js';
import { randomUniform } from '../src/random/index.js';
import { type BenchResult, benchmarkVariants } from '../src/testing/index.js';

const PAD_1: tf.backend_util.ExplicitPadding = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

/** tfjs's own kernels, as registered before gen's replace them (undefined where tfjs has none). */
const TFJS_KERNELS = {
  wasmInput: tf.getKernel(tf.Conv2DBackpropInput, 'wasm'),
  cpuFilter: tf.getKernel(tf.Conv2DBackpropFilter, 'cpu'),
};

/** Runs a kernel config directly on the active backend, reads the output back and disposes it. */
function runConfig(config: tf.KernelConfig, inputs: tf.NamedTensorInfoMap, attrs: object): void {
  const info = config.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend: tf.backend() }) as tf.TensorInfo;
  const out = tf.engine().makeTensorFromTensorInfo(info);
  out.dataSync();
  out.dispose();
}

/** Runs the registered kernel of that name, reads the output back and disposes it. */
function runRegistered(kernelName: string, inputs: tf.NamedTensorMap, attrs: object): void {
  const out = tf.engine().runKernel(kernelName, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  out.dataSync();
  out.dispose();
}

/** The U-Net's former custom filter gradient: one forward convolution (stride 1, padding 1, 3×3). */
function filterGradientAsForwardConv(x: tf.Tensor4D, dy: tf.Tensor4D): void {
  const dw = tf.tidy(() => {
    const padded = tf.pad(x, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    const input = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
    const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const full = tf.conv2d(input, filter, 1, 'valid');
    return tf.transpose(tf.slice(full, [0, 0, 0, 0], [-1, 3, 3, -1]), [1, 2, 0, 3]);
  });
  dw.dataSync();
  dw.dispose();
}

/**
 * Times the conv gradients on wasm and cpu.
 *
 * @returns One result per kernel and variant.
 */
export async function runConvFilterGradient(): Promise<BenchResult[]> {
  registerGenKernels();
  const results: BenchResult[] = [];
  for (const [backend, batch, rounds] of [
    ['wasm', 64, 7],
    ['cpu', 4, 1],
  ] as const) {
    if (!(await tf.setBackend(backend))) throw new Error(`bench: could not set the ${backend} backend.`);
    const x = randomUniform([batch, 28, 28, 32], 1, -1, 1) as tf.Tensor4D;
    const dy = randomUniform([batch, 28, 28, 32], 2, -1, 1) as tf.Tensor4D;
    const filter = randomUniform([3, 3, 32, 32], 3, -1, 1) as tf.Tensor4D;
    const filterAttrs = { strides: [1, 1], pad: PAD_1, dataFormat: 'NHWC', filterShape: [3, 3, 32, 32] };
    const inputAttrs = { strides: [1, 1], pad: PAD_1, dataFormat: 'NHWC', inputShape: [batch, 28, 28, 32] };
    const meta = { batch, size: 28, channels: 32 };
    const options = { warmup: backend === 'wasm' ? 1 : 0, rounds, meta };
    const name = (kernel: string) => `${kernel}, 3×3, 32 → 32 channels, padding 1, [${batch}, 28, 28, 32]`;
    const groups: [string, BenchResult[]][] = [];
    const filterVariants: [string, () => void][] = [
      ["gen's kernel", () => runRegistered(tf.Conv2DBackpropFilter, { x, dy }, filterAttrs)],
    ];
    if (backend === 'wasm') {
      filterVariants.push([
        'forward convolution (the U-Net’s former gradient)',
        () => filterGradientAsForwardConv(x, dy),
      ]);
    } else if (TFJS_KERNELS.cpuFilter !== undefined) {
      const tfjs = TFJS_KERNELS.cpuFilter;
      filterVariants.push(['tfjs 4.22 kernel', () => runConfig(tfjs, { x, dy }, filterAttrs)]);
    }
    groups.push([backend, await benchmarkVariants(name('Conv2DBackpropFilter'), filterVariants, options)]);
    if (backend === 'wasm' && TFJS_KERNELS.wasmInput !== undefined) {
      const tfjs = TFJS_KERNELS.wasmInput;
      tfjs.setupFunc?.(tf.backend()); // run by the backend only for kernels registered when it starts
      const inputs = { dy, filter };
      const pair = await benchmarkVariants(
        name('Conv2DBackpropInput'),
        [
          ["gen's kernel", () => runRegistered(tf.Conv2DBackpropInput, inputs, inputAttrs)],
          ['tfjs-backend-wasm 4.22 kernel', () => runConfig(tfjs, inputs, inputAttrs)],
        ],
        options,
      );
      groups.push([backend, pair]);
    }
    for (const [on, variants] of groups) {
      const [gen, ...others] = variants as [BenchResult, ...BenchResult[]];
      for (const other of others) {
        console.log(
          `${gen.name} on ${on}: gen ${gen.medianMs.toFixed(0)} ms, ${other.variant} ${other.medianMs.toFixed(0)} ms ` +
            `(${(other.medianMs / gen.medianMs).toFixed(1)}×)`,
        );
      }
      results.push(...variants);
    }
    tf.dispose([x, dy, filter]);
  }
  return results;
}
