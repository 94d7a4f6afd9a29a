import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenError, initBackend, Rng } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArrayDataset } from '../src/data/array-dataset.js';
import { parseCsv, parseNpy, toCsv, toNpy } from '../src/data/index.js';
import { readCheckpoint, type TrainingCheckpoint, writeCheckpoint } from '../src/io/checkpoint.js';
import { loadMlpVectorField, type MlpVectorField, mlpVectorField, saveMlpVectorField } from '../src/models/index.js';

// Seeded mutations of valid files: every case must either parse to a valid result or throw a GenError whose message
// is short, and leave the tensor count unchanged. The suite's hang guard bounds the time; the sizes keep it to a
// few seconds.

/** The longest message accepted: the fixed text, two paths and an 80-character echo fit easily. */
const MAX_MESSAGE = 500;

let root = '';
beforeAll(async () => {
  await initBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'gen-fuzz-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Uniform numbers in [0, 1) from core's seeded generator. */
function generator(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.uniform();
}

/**
 * The mutations of one valid file: truncations to every `stride`-th length, seeded bit flips and seeded byte
 * replacements.
 */
function mutations(valid: Uint8Array, seed: number, flips: number, replacements: number, stride = 1): Uint8Array[] {
  const random = generator(seed);
  const index = () => Math.floor(random() * valid.length);
  const out: Uint8Array[] = [];
  for (let length = 0; length < valid.length; length += stride) out.push(valid.slice(0, length));
  for (let k = 0; k < flips; k += 1) {
    const bytes = valid.slice();
    const i = index();
    bytes[i] = (bytes[i] as number) ^ (1 << Math.floor(random() * 8));
    out.push(bytes);
  }
  const specials = [0x00, 0x20, 0x22, 0x27, 0x28, 0x29, 0x2c, 0x2d, 0x2e, 0x30, 0x39, 0x0a, 0x7b, 0x7d, 0xff];
  for (let k = 0; k < replacements; k += 1) {
    const bytes = valid.slice();
    bytes[index()] = random() < 0.5 ? (specials[Math.floor(random() * specials.length)] as number) : index() % 256;
    out.push(bytes);
  }
  return out;
}

/** Runs one case: 'ok' after `check` accepted the result, 'error' for a short GenError; nothing may leak. */
async function outcome<T>(run: () => T | Promise<T>, check: (value: T) => void): Promise<'ok' | 'error'> {
  return expectNoLeaks(async () => {
    let value: T;
    try {
      value = await run();
    } catch (error) {
      if (!GenError.isInstance(error)) throw new Error(`not a GenError: ${String(error).slice(0, 300)}`);
      expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
      return 'error' as const;
    }
    check(value);
    return 'ok' as const;
  });
}

/** A dataset is valid when it has rows of at least one finite value each. */
function checkDataset(data: ArrayDataset): void {
  expect(data.size).toBeGreaterThanOrEqual(1);
  expect(data.dim).toBeGreaterThanOrEqual(1);
  expect(data.values.length).toBe(data.size * data.dim);
  expect(data.values.every(Number.isFinite)).toBe(true);
}

/** Tallies of the outcomes. */
function tally(outcomes: ('ok' | 'error')[]): { ok: number; error: number } {
  return { ok: outcomes.filter((o) => o === 'ok').length, error: outcomes.filter((o) => o === 'error').length };
}

describe('fuzzing the file parsers', () => {
  it('NPY: truncations, bit flips, byte replacements and huge length fields', async () => {
    const x = tf.tensor2d([1.5, -2, 0.25, 3, 7, -0.5], [3, 2]);
    const f4 = toNpy(x);
    x.dispose();
    const f8 = toNpy([
      [Math.PI, -1 / 3, 1e-300],
      [2, 4, 8],
    ]);
    const cases = [...mutations(f4, 1, 300, 150), ...mutations(f8, 2, 300, 150)];
    for (const valid of [f4, f8]) {
      for (const [offset, value] of [
        [8, 0xff],
        [9, 0xff],
      ] as const) {
        const bytes = valid.slice();
        bytes[offset] = value;
        cases.push(bytes);
      }
      const v2 = new Uint8Array(valid.length + 2); // the same header as version 2.0 with a 4 GiB header length
      v2.set(valid.subarray(0, 8));
      v2[6] = 2;
      new DataView(v2.buffer).setUint32(8, 0xffffffff, true);
      v2.set(valid.subarray(10), 12);
      cases.push(v2);
    }
    const outcomes: ('ok' | 'error')[] = [];
    for (const bytes of cases) outcomes.push(await outcome(() => parseNpy(bytes), checkDataset));
    expect(outcomes.length).toBe(f4.length + f8.length + 906);
    const { ok, error } = tally(outcomes);
    // Flips in the data bytes can leave a valid file; every truncation and header break is refused.
    expect(ok).toBeGreaterThan(0);
    expect(error).toBeGreaterThan(f4.length + f8.length);
  });

  it('CSV: truncations, character flips and replacements, and a 1 MB line', async () => {
    const valid = new TextEncoder().encode(
      toCsv(
        [
          [0.5, -2, 3e-4],
          [1, 2.25, -0],
          [7, 8, 9],
        ],
        { columns: ['x', 'y', 'z'] },
      ),
    );
    const cases = mutations(valid, 3, 300, 300).map((bytes) => new TextDecoder().decode(bytes));
    // A 1 MB line of 500 001 fields, and a 100 000-digit field that fails the number pattern only at its end.
    cases.push(`a,b\n${'1,'.repeat(500_000)}1\n`, `1,2\n3,${'9'.repeat(100_000)}.5e\n`);
    const outcomes: ('ok' | 'error')[] = [];
    for (const text of cases) outcomes.push(await outcome(() => parseCsv(text), checkDataset));
    expect(outcomes.length).toBe(valid.length + 602);
    const { ok, error } = tally(outcomes);
    expect(ok).toBeGreaterThan(0);
    expect(error).toBeGreaterThan(0);
  });

  it('model folders: damaged model.json and weights.bin', async () => {
    const good = join(root, 'model-good');
    const model = mlpVectorField({ dim: 2, hidden: [3], seed: 5 });
    await saveMlpVectorField(model, `file://${good}`);
    model.dispose();
    const json = new Uint8Array(readFileSync(join(good, 'model.json')));
    const weights = new Uint8Array(readFileSync(join(good, 'weights.bin')));
    const random = generator(4);
    const pick = (list: Uint8Array[], n: number) =>
      Array.from({ length: n }, () => list[Math.floor(random() * list.length)]);
    const jsonCases = pick(mutations(json, 5, 200, 200), 120) as Uint8Array[];
    const hugeShape = new TextEncoder().encode(
      new TextDecoder().decode(json).replace(/"shape": \[\s*3,\s*3\s*\]/, '"shape": [2147483648, 2147483648]'),
    );
    jsonCases.push(hugeShape);
    // Every 7th truncation, 20 bit flips (most load, with other weights), and 4 or 1 bytes after the last weight.
    const weightCases = mutations(weights, 6, 20, 0).filter((b, i) => b.length !== weights.length || i % 7 === 0);
    weightCases.push(new Uint8Array(weights.length + 4), new Uint8Array(weights.length + 1));
    const target = join(root, 'model-case');
    mkdirSync(target);
    const written: Uint8Array[] = [];
    const run = (jsonBytes: Uint8Array, weightBytes: Uint8Array) => {
      if (written[0] !== jsonBytes) writeFileSync(join(target, 'model.json'), jsonBytes); // writes are the slow part
      if (written[1] !== weightBytes) writeFileSync(join(target, 'weights.bin'), weightBytes);
      written.splice(0, 2, jsonBytes, weightBytes);
      return outcome(
        () => loadMlpVectorField(`file://${target}`),
        (loaded: MlpVectorField) => {
          expect(loaded.config.dim).toBeGreaterThanOrEqual(1);
          loaded.dispose();
        },
      );
    };
    const outcomes: ('ok' | 'error')[] = [];
    for (const bytes of jsonCases) outcomes.push(await run(bytes, weights));
    for (const bytes of weightCases) outcomes.push(await run(json, bytes));
    expect(outcomes.length).toBe(121 + weightCases.length);
    const { ok, error } = tally(outcomes);
    expect(ok).toBeGreaterThan(0); // e.g. a flipped space or a changed digit of the seed
    expect(error).toBeGreaterThan(90);
  });

  it('checkpoints: damaged latest, checkpoint.json and tensors.bin, and huge layouts', async () => {
    const state: TrainingCheckpoint = {
      step: 3,
      losses: [1, 0.5, 0.25],
      weights: [Float32Array.from([1, 2, 3]), Float32Array.from([4])],
      adamM: [Float32Array.from([0.1, 0.2, 0.3]), Float32Array.from([0.4])],
      adamV: [Float32Array.from([1e-3, 2e-3, 3e-3]), Float32Array.from([4e-3])],
      ema: [Float32Array.from([9, 8, 7]), Float32Array.from([6])],
    };
    const good = join(root, 'checkpoint-good');
    await writeCheckpoint(good, state);
    const files = ['latest', join('step-3', 'checkpoint.json'), join('step-3', 'tensors.bin')];
    const valid = files.map((file) => new Uint8Array(readFileSync(join(good, file))));
    const target = join(root, 'checkpoint-case');
    mkdirSync(join(target, 'step-3'), { recursive: true });
    const written: (Uint8Array | undefined)[] = [];
    const run = (replaced: number, bytes: Uint8Array) => {
      files.forEach((file, i) => {
        const content = i === replaced ? bytes : (valid[i] as Uint8Array);
        if (written[i] !== content) writeFileSync(join(target, file), content); // writes are the slow part
        written[i] = content;
      });
      return outcome(
        () => readCheckpoint(target),
        (read) => expect(read).toEqual(state),
      );
    };
    const header = new TextDecoder().decode(valid[1]);
    const huge = ['[2147483648,1]', '[9007199254740991,1]', '[1e300,1]'].map((sizes) =>
      new TextEncoder().encode(header.replace(/\[3,1\]/g, sizes)),
    );
    const outcomes: ('ok' | 'error')[] = [];
    for (const [i, seed] of [
      [0, 7],
      [1, 8],
      [2, 9],
    ] as const) {
      for (const bytes of mutations(valid[i] as Uint8Array, seed, 60, 30, 4)) outcomes.push(await run(i, bytes));
    }
    for (const bytes of huge) outcomes.push(await run(1, bytes));
    const truncations = valid.reduce((n, v) => n + Math.ceil(v.length / 4), 0);
    expect(outcomes.length).toBe(truncations + 3 * 90 + 3);
    const { ok, error } = tally(outcomes);
    // Only a flip that `trim` removes from the pointer can leave the checkpoint intact; the checksum catches the rest.
    expect(ok).toBeLessThan(10);
    expect(error).toBe(outcomes.length - ok);
  });
});
