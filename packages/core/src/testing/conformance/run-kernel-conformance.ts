import * as tf from '@tensorflow/tfjs';
import { measureLeaks } from '../measure-leaks.js';
import { switchBackend } from '../switch-backend.js';
import { KERNEL_CASES } from './cases/index.js';
import { compareOutputs, type HostOutput } from './compare-outputs.js';
import { DEFAULT_KERNEL_TOLERANCE, type KernelCase, type KernelCaseFn } from './kernel-case.js';
import type { KernelCaseResult } from './kernel-case-result.js';
import { generateInputs, type HostTensor } from './kernel-input.js';

/** Options of {@link runKernelConformance}. */
export interface KernelConformanceOptions {
  /** The registered tfjs backend under test, e.g. `'wasm'`, `'webgl'`, `'cuda'`. */
  backend: string;
  /** The registered backend whose results are the reference (default `'cpu'`). */
  reference?: string;
  /** The cases to run (default {@link KERNEL_CASES}). */
  cases?: readonly KernelCase[];
  /** Keeps only the cases it returns true for, e.g. `(c) => c.kernels.includes('BatchMatMul')`. */
  filter?: (kernelCase: KernelCase) => boolean;
}

/**
 * Runs the kernel conformance suite: every case on the backend under test and on the reference backend, compared
 * entry by entry within the case's tolerance, with a leak check on the backend under test.
 *
 * @remarks
 * For each case the inputs are generated on the host (seeded by the case name), created as tensors on the
 * reference backend, computed (inside `tf.tidy`), read back and disposed; then the same on the backend under test,
 * where `tf.memory()`'s tensor and data-buffer counts must be unchanged afterwards. Tensors never cross backends:
 * only host arrays do. The tolerance is the case's entry in `backendTolerances` for the backend under test, else
 * its `tolerance`, else {@link DEFAULT_KERNEL_TOLERANCE}; int32 and bool outputs must match exactly. A case that
 * throws on either backend (an unregistered kernel, a shape error) fails with the message; the run goes on. The
 * backend active before the call is active again afterwards.
 *
 * @param options - The backend under test, the reference, and which cases to run.
 * @returns One result per case, in order (plain data; no tensors).
 * @throws `Error` when `backend` or `reference` is not a registered backend or cannot be initialised.
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * const results = await runKernelConformance({ backend: 'wasm' }); // cpu is the reference
 * console.log(describeKernelFailures(results)); // [] when every case passed
 * const matMul = await runKernelConformance({ backend: 'wasm', filter: (c) => c.kernels.includes('BatchMatMul') });
 * ```
 */
export async function runKernelConformance(options: KernelConformanceOptions): Promise<KernelCaseResult[]> {
  const { backend, reference = 'cpu', cases = KERNEL_CASES, filter } = options;
  const results: KernelCaseResult[] = [];
  const previous = await switchBackend(reference);
  try {
    await switchBackend(backend);
    for (const kernelCase of filter === undefined ? cases : cases.filter(filter)) {
      results.push(await runCase(kernelCase, backend, reference));
    }
  } finally {
    await tf.setBackend(previous);
  }
  return results;
}

async function runCase(kernelCase: KernelCase, backend: string, reference: string): Promise<KernelCaseResult> {
  const specific = kernelCase.backendTolerances?.[backend];
  const tolerance = specific ?? kernelCase.tolerance ?? DEFAULT_KERNEL_TOLERANCE;
  const base = {
    name: kernelCase.name,
    kernels: kernelCase.kernels,
    tolerance: { atol: tolerance.atol ?? 0, rtol: tolerance.rtol ?? 0 },
    ...(specific === undefined ? {} : { toleranceReason: specific.reason }),
  };
  let stage = 'generating inputs';
  try {
    const inputs = generateInputs(kernelCase.name, kernelCase.inputs);
    stage = `on the reference backend ${reference}`;
    await tf.setBackend(reference);
    const expected = await evaluate(kernelCase.reference ?? kernelCase.run, inputs);
    stage = `on ${backend}`;
    await tf.setBackend(backend);
    const {
      value: actual,
      leakedTensors,
      leakedDataBuffers,
    } = await measureLeaks(() => evaluate(kernelCase.run, inputs));
    const { maxAbsError, maxScaledError, mismatch } = compareOutputs(actual, expected, base.tolerance);
    return {
      ...base,
      maxAbsError,
      maxScaledError,
      leakedTensors,
      leakedDataBuffers,
      passed: mismatch === undefined && maxScaledError <= 1 && leakedTensors === 0 && leakedDataBuffers === 0,
      ...(mismatch === undefined ? {} : { error: mismatch }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      maxAbsError: Number.NaN,
      maxScaledError: Number.NaN,
      leakedTensors: 0,
      leakedDataBuffers: 0,
      passed: false,
      error: `threw ${stage}: ${message}`,
    };
  }
}

/** Creates the inputs on the active backend, runs `fn`, reads every output back and disposes all it created. */
async function evaluate(fn: KernelCaseFn, inputs: readonly HostTensor[]): Promise<HostOutput[]> {
  const tensors = inputs.map((input) => tf.tensor(input.values, [...input.shape], input.dtype));
  let outputs: tf.Tensor[] = [];
  try {
    const result = tf.tidy(() => fn(...tensors));
    outputs = result instanceof tf.Tensor ? [result] : result;
    const values = await Promise.all(outputs.map((t) => t.data()));
    return outputs.map((t, k) => ({ values: values[k] as ArrayLike<number>, shape: t.shape, dtype: t.dtype }));
  } finally {
    tf.dispose([...tensors, ...outputs]);
  }
}
