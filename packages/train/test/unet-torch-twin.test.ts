import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@gen/core';
import { expectClose } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../src/io/safetensors/index.js';
import {
  loadModel,
  saveModel,
  UNET_DEFAULTS,
  type UnetVectorFieldOptions,
  unetVectorField,
} from '../src/models/index.js';
import { float32, maxAbsDifference, PYTHON, PYTHON_DIR, torchAvailable } from './support/torch-twin.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'safetensors', 'unet');
const hasTorch = torchAvailable('unet-torch-twin.test.ts');

/**
 * gen and PyTorch sum the convolutions, GroupNorm statistics and attention in different orders, so outputs of
 * size ~1 after ~20 layers differ by float32 rounding of the intermediate sums: |gen − torch| ≤ 1e-5 + 1e-5·|torch|
 * (measured on the cpu backend: at most 2.0e-6; the printed figures). A wrong layout, crop, head split or label
 * moves outputs by 1e-2 or more.
 */
const TOLERANCE = { atol: 1e-5, rtol: 1e-5 };

/**
 * Gradients sum over every pixel and sample, so their rounding scales with the largest entry: |gen − torch| ≤
 * 1e-5·max|torch| + 1e-5·|torch|.
 */
const GRADIENT_TOLERANCE = (scale: number) => ({ atol: 1e-5 * scale, rtol: 1e-5 });

let dir: string;
beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'gen-unet-twin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The largest |value| of an array: the outputs compared must be far from zero for the comparison to mean much. */
function maxAbs(values: ArrayLike<number>): number {
  return maxAbsDifference(values, new Float32Array(values.length));
}

describe('PyTorch UNetVectorField → safetensors → gen (committed fixtures from python/make_fixtures.py)', () => {
  const cases = readdirSync(fixtures)
    .filter((name) => name.endsWith('.io.safetensors'))
    .map((name) => name.slice(0, -'.io.safetensors'.length))
    .sort();

  it('has an unconditional case and a class-conditional one of odd size', () => {
    expect(cases).toEqual(['unet-7x7x2-classes', 'unet-8x8x1']);
  });

  it.each(cases)('%s: loadModel computes the outputs PyTorch computed, to float32 precision', async (name) => {
    const io = readSafetensors(new Uint8Array(readFileSync(join(fixtures, `${name}.io.safetensors`))), 'io').tensors;
    const shape = io.get('x')?.shape as [number, number, number, number];
    const labelValues = Int32Array.from(float32(io, 'labels'));
    const t = float32(io, 't')[0] as number;
    const before = tf.memory().numTensors;
    const model = await loadModel(join(fixtures, `${name}.safetensors`));
    const got = tf.tidy(() => {
      expect(model.config).toMatchObject({ imageShape: shape.slice(1) });
      const x = tf.tensor4d(float32(io, 'x'), shape);
      const times = tf.tensor1d(float32(io, 'times'));
      const classes = (model as { classes?: number }).classes;
      const labels = classes === undefined ? undefined : tf.tensor1d(labelValues, 'int32');
      return {
        classes,
        at: model(t, x).dataSync(),
        perSample: model.forwardTimes(times, x, labels).dataSync(),
        unlabelled: model.forwardTimes(times, x).dataSync(),
      };
    });
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const output = float32(io, 'output');
    const outputTimes = float32(io, 'output_times');
    console.info(
      `${name}: max |gen − torch| = ${maxAbsDifference(got.at, output).toExponential(2)} (u(t, x)), ` +
        `${maxAbsDifference(got.perSample, outputTimes).toExponential(2)} (per-sample times and labels); ` +
        `max |torch| = ${maxAbs(outputTimes).toFixed(3)}`,
    );
    expect(maxAbs(output)).toBeGreaterThan(0.1);
    expectClose(got.at, output, TOLERANCE, `${name} u(t, x)`);
    expectClose(got.perSample, outputTimes, TOLERANCE, `${name} forwardTimes`);
    if (got.classes === undefined) return;
    // The labels matter (0, K, 1, K − 1): only the sample with label K matches the unlabelled pass.
    expect([...labelValues]).toEqual([0, got.classes, 1, got.classes - 1]);
    const size = outputTimes.length / shape[0];
    for (const [i, label] of labelValues.entries()) {
      const a = got.unlabelled.slice(i * size, (i + 1) * size);
      const b = outputTimes.slice(i * size, (i + 1) * size);
      if (label === got.classes) expectClose(a, b, TOLERANCE, `${name} sample ${i} (label K)`);
      else expect(maxAbsDifference(a, b), `${name} sample ${i} (label ${label})`).toBeGreaterThan(1e-3);
    }
  });
});

describe('gen unetVectorField → safetensors → PyTorch UNetVectorField', () => {
  const CONFIGS: Record<string, UnetVectorFieldOptions> = {
    '8×8×1, attention at 4 with 2 heads': {
      imageShape: [8, 8, 1],
      baseChannels: 8,
      channelMultipliers: [1, 2],
      attentionResolutions: [4],
      attentionHeads: 2,
      groups: 4,
      seed: 11,
    },
    '7×7×2, 3 classes, attention at 7 and 4, 2 res blocks': {
      imageShape: [7, 7, 2],
      baseChannels: 8,
      channelMultipliers: [1, 2],
      resBlocks: 2,
      attentionResolutions: [7, 4],
      attentionHeads: 2,
      classes: 3,
      seed: 12,
    },
  };

  /**
   * Weights whose gradients are compared: convolutions of stride 1 and 2 (gen's backward pass is its own, written
   * with forward convolutions), the upsampling conv, an attention Linear, the class table. PyTorch axis a of each is
   * gen axis `toGen`'s inverse: gen [kh, kw, in, out] is PyTorch's [out, in, kh, kw] permuted by [2, 3, 1, 0].
   */
  const GRADIENTS: Record<string, readonly number[]> = {
    'input_conv/kernel': [2, 3, 1, 0],
    'down/0/res/0/conv1/kernel': [2, 3, 1, 0],
    'down/0/downsample/kernel': [2, 3, 1, 0],
    'up/1/upsample/kernel': [2, 3, 1, 0],
    'middle/attn/qkv/kernel': [1, 0],
    'out_conv/bias': [0],
  };

  it.skipIf(!hasTorch)('python/gen_torch.py loads gen files and computes the same outputs and gradients', async () => {
    const n = 4;
    const expected: {
      at: Float32Array;
      perSample: Float32Array;
      config: string;
      gradients: Record<string, Float32Array>;
    }[] = [];
    for (const [index, options] of Object.values(CONFIGS).entries()) {
      const model = unetVectorField(options);
      const [h, w, c] = model.config.imageShape;
      const x = Float32Array.from({ length: n * h * w * c }, (_, i) => Math.sin(0.37 * i + index));
      const times = Float32Array.from({ length: n }, (_, i) => (i + 0.5) / n);
      const labels = model.config.classes === undefined ? undefined : Int32Array.from([2, 3, 0, 1]);
      const probe = Float32Array.from({ length: n * h * w * c }, (_, i) => Math.cos(0.11 * i));
      const names = Object.keys(GRADIENTS);
      expected.push({
        config: JSON.stringify(model.config),
        ...tf.tidy(() => {
          const xs = tf.tensor4d(x, [n, h, w, c]);
          const ts = tf.tensor1d(times);
          const ls = labels === undefined ? undefined : tf.tensor1d(labels, 'int32');
          // The gradient of Σ u(tᵢ, xᵢ | labelᵢ)·probe with respect to a few weights.
          const objective = () => tf.sum(tf.mul(model.forwardTimes(ts, xs, ls), tf.tensor4d(probe, [n, h, w, c])));
          const { grads } = tf.variableGrads(
            objective as () => tf.Scalar,
            names.map((k) => model.namedVariables[k] as tf.Variable),
          );
          return {
            at: model(0.37, xs).dataSync() as Float32Array,
            perSample: model.forwardTimes(ts, xs, ls).dataSync() as Float32Array,
            gradients: Object.fromEntries(
              names.map((k) => [k, (grads[(model.namedVariables[k] as tf.Variable).name] as tf.Tensor).dataSync()]),
            ) as Record<string, Float32Array>,
          };
        }),
      });
      await saveModel(model, join(dir, `unet-${index}.safetensors`));
      model.dispose();
      const inputs = [
        { name: 'x', shape: [n, h, w, c], values: x },
        { name: 'times', shape: [n], values: times },
        { name: 'probe', shape: [n, h, w, c], values: probe },
        ...(labels === undefined ? [] : [{ name: 'labels', shape: [n], values: Float32Array.from(labels) }]),
      ];
      writeFileSync(join(dir, `unet-${index}.in.safetensors`), writeSafetensors(inputs, {}));
    }
    const script = [
      'import json, sys, torch',
      `sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})`,
      'import gen_torch',
      `for i in range(${expected.length}):`,
      `    base = ${JSON.stringify(dir)} + f"/unet-{i}"`,
      '    model = gen_torch.load_safetensors(base + ".safetensors")',
      '    print(json.dumps(model.config, separators=(",", ":")))',
      '    _, inputs = gen_torch.read_safetensors(base + ".in.safetensors")',
      '    x = inputs["x"].permute(0, 3, 1, 2)',
      '    labels = inputs["labels"].long() if "labels" in inputs else None',
      '    with torch.no_grad():',
      '        at = model(0.37, x).permute(0, 2, 3, 1)',
      '    per_sample = model(inputs["times"], x, labels).permute(0, 2, 3, 1)',
      '    (per_sample * inputs["probe"]).sum().backward()',
      '    params = dict(model.named_parameters())',
      `    toGen = ${JSON.stringify(Object.fromEntries(Object.entries(GRADIENTS).map(([k, v]) => [k.replaceAll('/', '.').replace(/kernel$/, 'weight'), v])))}`,
      '    grads = {"grad:" + k: params[k].grad.permute(*p) for k, p in toGen.items()}',
      '    outputs = {"at": at, "per_sample": per_sample.detach(), **grads}',
      '    gen_torch.write_safetensors(base + ".out.safetensors", outputs, {})',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const configs = run.stdout.trim().split('\n');
    for (const [index, name] of Object.keys(CONFIGS).entries()) {
      const { at: genAt, perSample: genPerSample, config, gradients } = expected[index] as (typeof expected)[number];
      expect(JSON.parse(configs[index] as string)).toEqual(JSON.parse(config));
      const out = readSafetensors(new Uint8Array(readFileSync(join(dir, `unet-${index}.out.safetensors`))), 'out');
      const at = float32(out.tensors, 'at');
      const perSample = float32(out.tensors, 'per_sample');
      console.info(
        `${name}: max |torch − gen| = ${maxAbsDifference(at, genAt).toExponential(2)} (u(t, x)), ` +
          `${maxAbsDifference(perSample, genPerSample).toExponential(2)} (per-sample times and labels); ` +
          `max |gen| = ${maxAbs(genPerSample).toFixed(3)}`,
      );
      expect(maxAbs(genAt)).toBeGreaterThan(0.1);
      expectClose(at, genAt, TOLERANCE, `${name} u(t, x)`);
      expectClose(perSample, genPerSample, TOLERANCE, `${name} forwardTimes`);
      for (const [weight, genGradient] of Object.entries(gradients)) {
        const torchGradient = float32(out.tensors, `grad:${weight.replaceAll('/', '.').replace(/kernel$/, 'weight')}`);
        const scale = maxAbs(torchGradient);
        const gap = maxAbsDifference(genGradient, torchGradient);
        console.info(`${name} ∂/∂${weight}: max |gen − torch| = ${gap.toExponential(2)} of max ${scale.toFixed(3)}`);
        expect(scale).toBeGreaterThan(1e-3);
        expectClose(genGradient, torchGradient, GRADIENT_TOLERANCE(scale), `${name} ∂/∂${weight}`);
      }
    }
  });
});

describe('PyTorch UNetVectorField keyword defaults', () => {
  it.skipIf(!hasTorch)('are gen’s UNET_DEFAULTS, key for key', () => {
    const script = [
      'import inspect, json, sys',
      `sys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})`,
      'import gen_torch',
      'parameters = inspect.signature(gen_torch.UNetVectorField.__init__).parameters.values()',
      'defaults = {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}',
      'print(json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in defaults.items()}))',
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ...UNET_DEFAULTS, classes: null });
  });
});
