import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend, ShapeError } from '@gen/core';
import { expectInvalidArgument } from '@gen/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseNpy } from '../../src/data/index.js';
import { loadCsv, loadNpy } from '../../src/node.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** An NPY file (format 1.0 or 2.0) with the given header dict text and data bytes, padded as NumPy pads it. */
function npyFile(dict: string, data: Uint8Array, major: 1 | 2 = 1): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const padding = (64 - ((prefix + dict.length + 1) % 64)) % 64;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const bytes = new Uint8Array(prefix + header.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i += 1) bytes[prefix + i] = header.charCodeAt(i);
  bytes.set(data, prefix + header.length);
  return bytes;
}

/** The first thing `fn` throws. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('hostile NPY and CSV files (issue 12)', () => {
  const data16 = new Uint8Array(new Float64Array([1, 2]).buffer);
  const data32 = new Uint8Array(new Float64Array([1, 2, 3, 4]).buffer);
  const dict = (shape: string, extra = '') => `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, ${extra}}`;

  it('refuses shapes that are not tuples of integers instead of training on zeros', () => {
    for (const shape of ['(abc, 2)', '(2.5, 2)', '(2, 1e1)', '(0x2, 2)', '(2, 2', '[2, 2]', '(2,, 2)', "('2', 2)"]) {
      const bytes = npyFile(dict(shape), data32);
      expectInvalidArgument(() => parseNpy(bytes), InvalidArgumentError, 'buffer');
      expect(thrown(() => parseNpy(bytes)).message).toMatch(/shape/);
    }
  });

  it('refuses negative, zero and huge dimensions before allocating', () => {
    expectInvalidArgument(() => parseNpy(npyFile(dict('(-1, 2)'), data16)), ShapeError, 'buffer');
    expectInvalidArgument(() => parseNpy(npyFile(dict('(0, 2)'), new Uint8Array())), ShapeError, 'buffer');
    for (const shape of ['(4294967296, 4294967296)', '(99999999999999999999999, 2)', `(${'9'.repeat(5000)}, 2)`]) {
      const error = thrown(() => parseNpy(npyFile(dict(shape), data32)));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error.message.length).toBeLessThan(400);
    }
  });

  it('requires the data to be exactly dtype size × N × D bytes (no trailing bytes)', () => {
    const extra = npyFile(dict('(1, 2)'), data32);
    expectInvalidArgument(() => parseNpy(extra), InvalidArgumentError, 'buffer');
    expect(() => parseNpy(extra)).toThrow(/expected 16 data bytes for shape \(1, 2\), received "32 bytes"/);
  });

  it('bounds the header at 10 000 bytes: a 3 MB header is refused without a stack overflow', () => {
    const huge = npyFile(dict('(2, 2)', `'pad': '${' '.repeat(3_000_000)}', `), data32, 2);
    const error = thrown(() => parseNpy(huge));
    expectInvalidArgument(() => parseNpy(huge), InvalidArgumentError, 'buffer');
    expect(error.message).toMatch(/a header of at most 10000 bytes, received "3000\d{3} bytes"/);
    const nested = npyFile(`{'descr': ${'('.repeat(9000)}}`, data32);
    expectInvalidArgument(() => parseNpy(nested), InvalidArgumentError, 'buffer');
    expect(thrown(() => parseNpy(nested)).message.length).toBeLessThan(400);
  });

  it('parses the header dict strictly: keys once each, in any order, trailing comma optional', () => {
    const reordered = npyFile("{'shape': (2, 2), 'fortran_order': False, 'descr': '<f8'}", data32);
    expect(Array.from(parseNpy(reordered).values)).toEqual([1, 2, 3, 4]);
    const python2 = npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 2L), }", data32);
    expect(parseNpy(python2).size).toBe(2);
    for (const bad of [
      "{'descr': '<f8', 'shape': (2, 2), }",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'shape': (2, 2)}",
      "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 2)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2)} trailing",
      "{'descr': '<f8' 'fortran_order': False, 'shape': (2, 2)}",
    ]) {
      expectInvalidArgument(() => parseNpy(npyFile(bad, data32)), InvalidArgumentError, 'buffer');
    }
  });

  it('echoes at most about 80 characters of the input in any message', () => {
    const longDescr = npyFile(`{'descr': '${'x'.repeat(5000)}', 'fortran_order': False, 'shape': (2, 2)}`, data32);
    const messages = [
      thrown(() => parseNpy(longDescr)).message,
      thrown(() => parseCsv(`${'h'.repeat(60_000)}\n`)).message,
      thrown(() => parseCsv(`1,2\n3,${'9'.repeat(30_000)}x\n`)).message,
    ];
    for (const message of messages) expect(message.length).toBeLessThan(300);
    expect(messages[1]).toMatch(/received "h{80}…" \(60001 characters\)\. No data rows in csv\./);
  });

  it('checks a 1 MB numeric-looking cell in linear time (the number pattern was quadratic: ~20 min)', () => {
    // The hang guard is 30 s; before the fix 60 000 digits took 4.7 s and the time grew with the square.
    const text = `1,2\n3,${'9'.repeat(1_000_000)}x\n`;
    expectInvalidArgument(() => parseCsv(text), InvalidArgumentError, 'text');
    expect(thrown(() => parseCsv(text)).message).toMatch(/received "9{80}…" \(1000001 characters\)\. Line 2, column 2/);
  }, 30_000);

  it('reports a missing file as a typed error naming its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-train-missing-'));
    for (const load of [loadCsv, loadNpy]) {
      const file = join(dir, 'missing.data');
      const error = await load(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('path');
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('ENOENT');
    }
    await rm(dir, { recursive: true, force: true });
  });
});
