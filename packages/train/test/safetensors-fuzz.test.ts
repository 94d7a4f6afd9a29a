import { InvalidArgumentError, initBackend, Rng } from '@gen/core';
import { expectNoLeaks } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlpVectorField, modelFromSafetensors, modelToSafetensors } from '../src/models/index.js';

/**
 * Fuzzing of the safetensors loader, the security boundary of model files: every mutated file must either load
 * (and the model is disposed) or be refused with an `InvalidArgumentError` naming `bytes` or a part of it, with a
 * bounded message, leaving no tensor behind. A crash, a RangeError from a huge allocation, a plain TypeError or a
 * hang fails the test.
 */

let valid: Uint8Array;
beforeAll(async () => {
  await initBackend('cpu');
  const model = mlpVectorField({
    dim: 2,
    hidden: [5, 4],
    timeEmbedding: 'fourier',
    fourierFeatures: 3,
    spectralNorm: true,
    seed: 3,
  });
  valid = await modelToSafetensors(model);
  model.dispose();
});

type Outcome = 'loaded' | 'refused';

/** Loads `bytes` under a leak check; returns whether it loaded or was refused with a well-formed typed error. */
async function attempt(bytes: Uint8Array): Promise<Outcome> {
  return expectNoLeaks(() => {
    try {
      modelFromSafetensors(bytes).dispose();
      return 'loaded';
    } catch (error) {
      if (!InvalidArgumentError.isInstance(error)) throw error;
      expect(error.parameter.startsWith('bytes')).toBe(true);
      expect(error.message.length).toBeLessThan(1000);
      return 'refused';
    }
  });
}

async function tally(files: Iterable<Uint8Array>): Promise<Record<Outcome, number>> {
  const counts = { loaded: 0, refused: 0 };
  for (const bytes of files) counts[await attempt(bytes)] += 1;
  return counts;
}

function* repeat<T>(count: number, make: (i: number) => T): Generator<T> {
  for (let i = 0; i < count; i += 1) yield make(i);
}

function withHeader(text: string, buffer: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(text);
  const bytes = new Uint8Array(8 + json.length + buffer.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(buffer, 8 + json.length);
  return bytes;
}

describe('the safetensors loader under fuzzing', () => {
  it('the unmutated file loads', async () => {
    expect(await attempt(valid)).toBe('loaded');
  });

  it('refuses all 400 seeded truncations', async () => {
    const rng = new Rng(1);
    const counts = await tally(repeat(400, () => valid.slice(0, Math.floor(rng.uniform() * valid.length))));
    expect(counts).toEqual({ loaded: 0, refused: 400 });
  });

  it('survives 2000 seeded single-bit flips: flips in the header are refused, flips in the data load', async () => {
    const rng = new Rng(2);
    const headerEnd = 8 + Number(new DataView(valid.buffer).getBigUint64(0, true));
    const inHeader = { loaded: 0, refused: 0 };
    const inData = { loaded: 0, refused: 0 };
    for (let i = 0; i < 2000; i += 1) {
      const bytes = valid.slice();
      const bit = Math.floor(rng.uniform() * 8 * bytes.length);
      bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
      const counts = bit >> 3 < headerEnd ? inHeader : inData;
      counts[await attempt(bytes)] += 1;
    }
    expect(inHeader.loaded + inHeader.refused + inData.loaded + inData.refused).toBe(2000);
    // Most header bits break the JSON or a number in it; a few (e.g. a config letter's case) do not.
    expect(inHeader.refused).toBeGreaterThan(0.8 * (inHeader.loaded + inHeader.refused));
    // A flipped data bit changes one weight to another finite float32 (weights here are below 2 in magnitude, so
    // no single flip reaches the all-ones exponent of NaN and ∞): every such file loads.
    expect(inData).toEqual({ loaded: inData.loaded, refused: 0 });
    expect(inData.loaded).toBeGreaterThan(400); // the data is about 28 % of this small file
    console.info(`bit flips: header ${JSON.stringify(inHeader)}, data ${JSON.stringify(inData)}`);
  });

  it('refuses 300 seeded wrong header-length fields, up to 2⁶⁴ − 1, without allocating from them', async () => {
    const rng = new Rng(3);
    const length = new DataView(valid.buffer).getBigUint64(0, true);
    const special = [2n ** 64n - 1n, 2n ** 63n, 2n ** 53n + 1n, 2n ** 32n, 100_000_001n, 0n, length - 1n, length + 1n];
    const values = [
      ...special,
      ...repeat(292, () => {
        const value =
          (BigInt(Math.floor(rng.uniform() * 2 ** 32)) << 32n) | BigInt(Math.floor(rng.uniform() * 2 ** 32));
        return value === length ? 0n : value >> BigInt(Math.floor(rng.uniform() * 64));
      }),
    ];
    const files = values.map((value) => {
      const bytes = valid.slice();
      new DataView(bytes.buffer).setBigUint64(0, value, true);
      return bytes;
    });
    expect(await tally(files)).toEqual({ loaded: 0, refused: 300 });
  });

  it('refuses 1000 seeded adversarial headers', async () => {
    const rng = new Rng(4);
    const pick = <T>(options: readonly T[]): T => options[Math.floor(rng.uniform() * options.length)] as T;
    const names = ['layers.0.weight', 'layers.0.bias', '__proto__', 'constructor', '', 'x'.repeat(5000), 'é\u0000'];
    const dtypes = ['F32', 'F16', 'BF16', 'F64', 'I64', 'BOOL', 'F8_E4M3', 'F128', 'f32', '', 7, null, ['F32']];
    const shapes = [
      [],
      [1],
      [2, 3],
      [0],
      [5, 7],
      [-1],
      [1.5],
      [2 ** 53],
      [2 ** 40, 2 ** 40],
      [1e308],
      'x',
      null,
      [[1]],
    ];
    const offsets = [[0, 4], [0, 0], [4, 0], [0, 2 ** 60], [-4, 0], [0], [0, 4, 8], '0-4', [0, 1.5], null, [0, 24]];
    const metadata = [undefined, {}, { gen: '{}' }, { gen: 1 }, 'x', [], { gen: '{"kind":"mlp","version":1}' }];
    const files = repeat(1000, () => {
      const header: [string, unknown][] = [];
      const meta = pick(metadata);
      if (meta !== undefined) header.push(['__metadata__', meta]);
      const count = Math.floor(rng.uniform() * 4);
      for (let i = 0; i < count; i += 1) {
        header.push([pick(names), { dtype: pick(dtypes), shape: pick(shapes), data_offsets: pick(offsets) }]);
      }
      const text = JSON.stringify(Object.fromEntries(header));
      return withHeader(text, new Uint8Array(pick([0, 4, 24, 64])));
    });
    expect(await tally(files)).toEqual({ loaded: 0, refused: 1000 });
  });

  it('refuses 300 seeded random byte strings and JSON-like noise', async () => {
    const rng = new Rng(5);
    const alphabet = '{}[]":,0123456789-.eE ';
    const files = repeat(300, (i) => {
      const length = Math.floor(rng.uniform() * 200);
      if (i % 2 === 0) return Uint8Array.from({ length }, () => Math.floor(rng.uniform() * 256));
      const text = `{${Array.from({ length }, () => alphabet[Math.floor(rng.uniform() * alphabet.length)]).join('')}`;
      return withHeader(text, new Uint8Array(Math.floor(rng.uniform() * 16)));
    });
    expect(await tally(files)).toEqual({ loaded: 0, refused: 300 });
  });
});
