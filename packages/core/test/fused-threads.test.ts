import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fusedKernelThreads, initBackend, randomNormal, randomUniform } from '../src/index.js';
import { type FusedMlp, fusedAdamUpdate, fusedMlpDivergence, fusedMlpForward } from '../src/internal.js';
import { fusedParts, startFusedKernelThreads, stopFusedKernelThreads } from '../src/kernels/fused/fused-threads.js';
import { expectNoLeaks } from '../src/testing/index.js';

/** The 3×256 SiLU MLP of a 2-D field (time concatenated), weights from fixed seeds. */
const WIDTHS = [3, 256, 256, 256, 2];
/** Its multiply–adds per row of the forward pass. */
const WORK = WIDTHS.slice(1).reduce((sum, fanOut, l) => sum + (WIDTHS[l] as number) * fanOut, 0);

function network(): FusedMlp {
  const widths = WIDTHS;
  const layers = widths.slice(1).map((fanOut, l) => {
    const bound = 1.5 / Math.sqrt(widths[l] as number);
    return {
      kernel: tf.variable(randomUniform([widths[l] as number, fanOut], 40 + 2 * l, -bound, bound)),
      bias: tf.variable(randomUniform([fanOut], 41 + 2 * l, -0.5, 0.5)),
    };
  });
  return { layers, activation: 'silu' };
}

/** Everything the fused kernels compute for one batch, read back: u, ∇·u, ∂L/∂x, ∂L/∂θ and one Adam step. */
interface Results {
  u: Float32Array;
  div: Float32Array;
  dx: Float32Array;
  dTheta: Float32Array;
  adam: Float32Array;
}

async function everything(mlp: FusedMlp, rows: number): Promise<Results> {
  const x = tf.variable(randomUniform([rows, 2], 7, -2, 2));
  const t = randomUniform([rows], 8);
  const target = randomNormal([rows, 2], 9);
  const u = await expectNoLeaks(() => fusedMlpForward(mlp, t, x, false));
  const div = await expectNoLeaks(() => fusedMlpDivergence(mlp, t, x));
  const weights = mlp.layers.flatMap(({ kernel, bias }) => [kernel, bias]);
  const grads = await expectNoLeaks(() =>
    tf.grads(() => tf.sum(tf.square(tf.sub(fusedMlpForward(mlp, t, x, true), target))))([x, ...weights]),
  );
  const moments = weights.map((w) => randomUniform(w.shape, 3, 0, 1));
  const adam = await expectNoLeaks(() =>
    fusedAdamUpdate(weights, grads.slice(1), moments, moments, {
      beta1: 0.9,
      oneMinusBeta1: Math.fround(0.1),
      beta2: 0.999,
      oneMinusBeta2: Math.fround(0.001),
      correction1: 0.1,
      correction2: 0.001,
      epsilon: 1e-7,
      learningRate: 1e-3,
    }),
  );
  const flat = (list: tf.Tensor[]) => Float32Array.from(list.flatMap((g) => Array.from(g.dataSync())));
  const result = {
    u: u.dataSync().slice() as Float32Array,
    div: div.dataSync().slice() as Float32Array,
    dx: (grads[0] as tf.Tensor).dataSync().slice() as Float32Array,
    dTheta: flat(grads.slice(1)),
    adam: flat([...adam.params, ...adam.m, ...adam.v]),
  };
  tf.dispose([x, t, target, u, div, ...grads, ...moments, ...adam.params, ...adam.m, ...adam.v]);
  return result;
}

describe('the fused kernels on two threads', () => {
  let mlp: FusedMlp;
  beforeAll(async () => {
    await initBackend('wasm');
    mlp = network();
  });
  afterAll(async () => {
    tf.dispose(mlp.layers.flatMap(({ kernel, bias }) => [kernel, bias]));
    await stopFusedKernelThreads();
  });

  for (const rows of [3, 257, 1031]) {
    it(`give the single-threaded results for ${rows} rows bit for bit: u, ∇·u, ∂L/∂x, ∂L/∂θ and Adam's step`, async () => {
      await stopFusedKernelThreads();
      expect(fusedKernelThreads()).toBe(1);
      const single = await everything(mlp, rows);
      expect(await startFusedKernelThreads(2)).toBe(2);
      expect(fusedKernelThreads()).toBe(2);
      // 3 rows stay on the calling thread; 257 and 1031 are shared by both (the forward pass splits from 2 · 8 rows
      // of this network, in chunks of 32 rows that the threads claim as they go).
      expect(fusedParts(rows, WORK)).toBe(rows === 3 ? 1 : 2);
      const threaded = await everything(mlp, rows);
      expect(threaded.u).toEqual(single.u);
      expect(threaded.div).toEqual(single.div);
      expect(threaded.dx).toEqual(single.dx);
      // Parameter gradients are split by their own rows, each summed over the whole batch in the same order.
      expect(threaded.dTheta).toEqual(single.dTheta);
      expect(threaded.adam).toEqual(single.adam);
    });
  }

  it('are started by initBackend on wasm and cpu, with GEN_THREADS threads (1: no workers)', async () => {
    try {
      await stopFusedKernelThreads();
      vi.stubEnv('GEN_THREADS', '3');
      await initBackend('wasm');
      expect(fusedKernelThreads()).toBe(3);
      await stopFusedKernelThreads();
      vi.stubEnv('GEN_THREADS', '1');
      await initBackend('cpu');
      expect(fusedKernelThreads()).toBe(1);
      await stopFusedKernelThreads();
      vi.stubEnv('GEN_THREADS', 'many');
      await expect(initBackend('wasm')).rejects.toMatchObject({ parameter: 'GEN_THREADS' });
    } finally {
      vi.unstubAllEnvs();
      await initBackend('wasm');
    }
  });

  it('runs Adam split by elements bit for bit like one thread (its update is elementwise)', async () => {
    await startFusedKernelThreads(2);
    // 140 000 elements (about 16 float operations each): two parts of 70 000.
    expect(fusedParts(140_000, 16)).toBe(2);
    const w = [randomNormal([140_000], 1)];
    const g = [randomNormal([140_000], 2)];
    const m = [randomUniform([140_000], 3, 0, 1)];
    const constants = {
      beta1: 0.9,
      oneMinusBeta1: Math.fround(0.1),
      beta2: 0.999,
      oneMinusBeta2: Math.fround(0.001),
      correction1: 0.19,
      correction2: 0.002,
      epsilon: 1e-7,
      learningRate: 1e-2,
    };
    const step = () => {
      const next = fusedAdamUpdate(w, g, m, m, constants);
      const values = [...next.params, ...next.m, ...next.v].map((x) => x.dataSync().slice());
      tf.dispose([...next.params, ...next.m, ...next.v]);
      return values;
    };
    const threaded = step();
    await stopFusedKernelThreads();
    expect(step()).toEqual(threaded);
    tf.dispose([...w, ...g, ...m]);
  });
});
