/**
 * Browser page of `threads.test.ts`: on the wasm backend, the 3×256 MLP field's forward pass and one CFM gradient on
 * 257 points with gen's fused kernels on one thread and then on two (Web Workers on the page's shared memory).
 */
import {
  fusedKernelThreads,
  initBackend,
  randomNormal,
  randomUniform,
  startFusedKernelThreads,
  stopFusedKernelThreads,
} from '@gen/core';
import { mlpVectorField } from '@gen/train';
import * as tf from '@tensorflow/tfjs';
import { useBundledWasmBinaries } from '../../src/wasm-binaries';

/** What the page measured. */
export interface ThreadsReport {
  crossOriginIsolated: boolean;
  /** Whether gen's fused forward kernel is registered for wasm. */
  fused: boolean;
  /** The threads the fused kernels used: after initBackend, for the single run, for the threaded run. */
  threads: [number, number, number];
  /** u(0.5, x) and ∂L/∂θ on one thread and on two. */
  single: { u: number[]; grads: number[] };
  threaded: { u: number[]; grads: number[] };
  /** `tf.memory().numTensors` before and after. */
  tensors: [number, number];
}

declare global {
  interface Window {
    __threads: { run(): Promise<ThreadsReport> };
  }
}

async function run(): Promise<ThreadsReport> {
  useBundledWasmBinaries();
  await initBackend('wasm');
  const afterInit = fusedKernelThreads();
  const before = tf.memory().numTensors;
  const model = mlpVectorField({ dim: 2, hidden: [256, 256, 256], activation: 'silu', seed: 0 });
  const x = randomNormal([257, 2], 1);
  const t = randomUniform([257], 2);
  const target = randomNormal([257, 2], 3);
  const compute = () => {
    const u = model(0.5, x);
    const { value, grads } = tf.variableGrads(
      () => tf.mean(tf.square(tf.sub(model.forwardTimes(t, x), target))) as tf.Scalar,
      [...model.variables],
    );
    const result = {
      u: Array.from(u.dataSync()),
      grads: Object.values(grads).flatMap((g) => Array.from(g.dataSync())),
    };
    tf.dispose([u, value, ...Object.values(grads)]);
    return result;
  };
  await stopFusedKernelThreads();
  const oneThread = fusedKernelThreads();
  const single = compute();
  await startFusedKernelThreads(2);
  const twoThreads = fusedKernelThreads();
  const threaded = compute();
  tf.dispose([x, t, target]);
  model.dispose();
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    fused: tf.getKernel('GenMlpForward', 'wasm') !== undefined,
    threads: [afterInit, oneThread, twoThreads],
    single,
    threaded,
    tensors: [before, tf.memory().numTensors],
  };
}

window.__threads = { run };
(document.getElementById('out') as HTMLElement).textContent = 'ready';
