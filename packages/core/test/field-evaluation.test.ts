import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../src/backend/index.js';
import { InvalidArgumentError, ShapeError } from '../src/errors/index.js';
import { evaluateField } from '../src/evaluate-field.js';
import { tapeGradients } from '../src/tape-gradients.js';
import { expectNoLeaks } from '../src/testing/index.js';
import { assertFixedGrid, gridPieces } from '../src/time/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('evaluateField', () => {
  const x = tf.keep(tf.tensor2d([[1, -2]]));

  it('frees what the field allocates and returns a tensor the caller may dispose, whatever the field returns', async () => {
    const a = tf.tensor2d([
      [0, -1],
      [1, 0],
    ]);
    const cases: [string, (t: number, y: tf.Tensor) => tf.Tensor, number[]][] = [
      [
        'a constant per call',
        (_t, y) =>
          tf.matMul(
            y,
            tf.tensor2d([
              [0, -1],
              [1, 0],
            ]),
          ),
        [-2, -1],
      ],
      ['its input', (_t, y) => y, [1, -2]],
      ['a slice of a tensor it keeps', () => a.slice([0, 0], [1, 2]), [0, -1]],
    ];
    for (const [name, f, expected] of cases) {
      const value = await expectNoLeaks(() => evaluateField(f, 0.5, x));
      expect(Array.from(await value.data()), name).toEqual(expected);
      value.dispose();
      expect(x.isDisposed, name).toBe(false);
    }
    // A field that returns a tensor it keeps: the caller disposes its copy, the field's tensor lives on.
    const kept = await expectNoLeaks(() => evaluateField(() => a, 0, a));
    kept.dispose();
    expect(Array.from(await a.data())).toEqual([0, -1, 1, 0]);
    a.dispose();
  });

  it('names the call when the value is a Promise, not a tensor, of another dtype or shape', async () => {
    const cases: [(t: number, y: tf.Tensor) => unknown, typeof InvalidArgumentError, RegExp][] = [
      [
        async (_t, y) => tf.neg(y),
        InvalidArgumentError,
        /"f\(t, y\)": expected a tf.Tensor returned synchronously.*Promise/,
      ],
      [() => [1, 2], InvalidArgumentError, /"f\(t, y\)": expected a tf.Tensor/],
      [(_t, y) => tf.cast(y, 'int32'), InvalidArgumentError, /"f\(t, y\)": expected dtype float32/],
      [(_t, y) => tf.concat([y, y], 1), ShapeError, /"f\(t, y\)": expected shape \[1, 2\]/],
    ];
    for (const [f, type, message] of cases) {
      const error = await expectNoLeaks(() => {
        try {
          evaluateField(f, 0, x, 'f(t, y)');
        } catch (e) {
          return e;
        }
        return undefined;
      });
      expect(type.isInstance(error), String(error)).toBe(true);
      expect(String(error)).toMatch(message);
      expect((error as InvalidArgumentError).parameter).toBe('f(t, y)');
    }
    // An async field's late tensor is freed when its promise settles.
    const before = tf.memory().numTensors;
    let late: Promise<void> | undefined;
    expect(() =>
      evaluateField(
        () => {
          late = new Promise((resolve) => setTimeout(resolve, 1));
          return late.then(() => tf.ones([1, 2]));
        },
        0,
        x,
      ),
    ).toThrow(InvalidArgumentError);
    await late;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('checks a given shape instead of the input’s, or none', () => {
    const g = evaluateField(() => tf.ones([1, 2, 3]), 0, x, 'g', [1, 2, 3]);
    expect(g.shape).toEqual([1, 2, 3]);
    g.dispose();
    const free = evaluateField(() => tf.ones([4]), 0, x, 'g', null);
    expect(free.shape).toEqual([4]);
    free.dispose();
    expect(() => evaluateField(() => tf.ones([1, 2]), 0, x, 'g', [1, 2, 3])).toThrow(ShapeError);
  });
});

describe('tapeGradients', () => {
  it('returns dyᵀ·∂f/∂x, zeros for an input f ignores, and frees the tape when f throws', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const unused = tf.tensor1d([5]);
    const dy = tf.tensor1d([1, 1, 0.5]);
    const { value, grads } = await expectNoLeaks(() => tapeGradients(() => tf.square(x), [x, unused], dy));
    expect(Array.from(await value.data())).toEqual([1, 4, 9]);
    expect(Array.from(await (grads[0] as tf.Tensor).data())).toEqual([2, 4, 3]);
    expect(Array.from(await (grads[1] as tf.Tensor).data())).toEqual([0]);
    tf.dispose([value, ...grads]);
    // concat saves its inputs for the backward pass; a throw after it used to leave those copies allocated.
    const boom = new Error('after the tape recorded ops');
    const error = await expectNoLeaks(() => {
      try {
        tapeGradients(
          () => {
            tf.concat([x, x]);
            throw boom;
          },
          [x],
          dy,
        );
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(error).toBe(boom);
    tf.dispose([x, unused, dy]);
  });
});

describe('assertFixedGrid', () => {
  const names = { stepSize: 'options.dt', maxSteps: 'options.maxSteps' };

  it('counts the steps gridStep takes over every interval', () => {
    expect(gridPieces(0, 1, 0.3)).toBe(4);
    expect(gridPieces(1, 0, undefined)).toBe(1);
    expect(assertFixedGrid([0, 1], 0.3, 10, names)).toBe(4);
    expect(assertFixedGrid([1, 0.5, 0], 0.1, 10, names)).toBe(10);
    expect(assertFixedGrid([0, 1, 2, 3], undefined, 3, names)).toBe(3);
  });

  it('refuses a grid over the budget with the count it needs, and a step that cannot move t', () => {
    expect(() => assertFixedGrid([0, 1, 2], 0.1, 19, names)).toThrow(
      /"options.dt": expected a step that covers ts within options.maxSteps = 19 steps, received 0.1. This grid needs 20 steps; raise options.maxSteps to at least 20/,
    );
    expect(() => assertFixedGrid([0, 1], 1e-20, 10_000, names)).toThrow(/needs 100000000000000000000 steps/);
    expect(() => assertFixedGrid([0, 1], 1e-320, 10_000, names)).toThrow(/needs more than 1e308 steps/);
    expect(() => assertFixedGrid([1e6, 1e6 + 1e-6], 1e-12, 1e7, names)).toThrow(/t \+ h == t/);
    expect(() => assertFixedGrid([-2, -1], 1e-16, 1e17, names)).toThrow(InvalidArgumentError);
  });
});
