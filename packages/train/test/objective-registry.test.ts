import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, initBackend } from '@gen/core';
import { expectClose, expectNoLeaks } from '@gen/core/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_OPTIONS } from '../src/cli/command-options.js';
import { runCli } from '../src/cli/main.js';
import { readRun } from '../src/cli/run-files.js';
import { toyDataset } from '../src/data/index.js';
import { type MlpVectorField, mlpVectorField } from '../src/models/index.js';
import { DIFFUSION_T_END, isObjectiveName, OBJECTIVE_NAMES, OBJECTIVES } from '../src/objectives/index.js';
import { Adam } from '../src/optim/adam.js';
import { trainStep } from '../src/train-step.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('the objective registry', () => {
  it('names the objectives gen train --objective accepts, in its order', () => {
    expect(Object.keys(OBJECTIVES)).toEqual([...OBJECTIVE_NAMES]);
    expect(OBJECTIVE_NAMES).toEqual(['ot-cfm', 'cfm', 'sb-cfm', 'rectified-flow', 'likelihood', 'dsm']);
    const option = TRAIN_OPTIONS.objective;
    expect(option.valueName.split('|')).toEqual([...OBJECTIVE_NAMES]);
    for (const name of OBJECTIVE_NAMES) expect(option.parse(name)).toBe(name);
    expect(() => option.parse('ml')).toThrow(InvalidArgumentError);
  });

  it('gen train --help lists each objective with its description from the registry', async () => {
    const lines: string[] = [];
    expect(await runCli(['train', '--help'], { out: (line) => lines.push(line), err: () => undefined })).toBe(0);
    const listed = lines
      .join('\n')
      .split('\n')
      .map((line) => /^ {2}(\S+) +(.+)$/.exec(line))
      .filter((m) => m !== null && isObjectiveName(m[1]))
      .map((m) => [m?.[1], m?.[2]]);
    expect(listed).toEqual(OBJECTIVE_NAMES.map((name) => [name, OBJECTIVES[name].description]));
  });

  it('recognises exactly its names (isObjectiveName)', () => {
    for (const name of OBJECTIVE_NAMES) expect(isObjectiveName(name)).toBe(true);
    for (const name of ['ml', 'vp-dsm', '', 'OT-CFM', 'constructor', 7, undefined, null]) {
      expect(isObjectiveName(name), String(name)).toBe(false);
    }
  });

  it('a run folder whose run.json names no registered objective is refused, naming --model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen-registry-'));
    try {
      await mkdir(join(dir, 'model'));
      for (const objective of ['ml', 'vp-dsm', 3]) {
        await writeFile(join(dir, 'run.json'), JSON.stringify({ data: 'moons', objective }));
        const error = await readRun(dir).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).parameter).toBe('--model');
        expect((error as Error).message).toContain('(one of ot-cfm, cfm, sb-cfm, rectified-flow, likelihood, dsm)');
      }
      await writeFile(join(dir, 'run.json'), JSON.stringify({ data: 'moons', objective: 'dsm' }));
      expect((await readRun(dir)).objective).toBe('dsm');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives every entry a description, and dsm alone a noise prediction on [1e-3, 1]', () => {
    expect(DIFFUSION_T_END).toBe(1e-3);
    for (const name of OBJECTIVE_NAMES) {
      expect(OBJECTIVES[name].description.length, name).toBeGreaterThan(3);
      expect(OBJECTIVES[name].prediction, name).toBe(name === 'dsm' ? 'noise' : 'velocity');
    }
  });

  describe('each entry', () => {
    let model: MlpVectorField;
    beforeAll(() => {
      model = mlpVectorField({ dim: 2, hidden: [8], seed: 4 });
    });
    afterAll(() => model.dispose());

    it.each(OBJECTIVE_NAMES)('%s trains one step without leaks and changes the weights', async (name) => {
      const before = model.variables.map((v) => v.dataSync().slice());
      const loss = await expectNoLeaks(() => {
        const adam = new Adam(model.variables);
        try {
          const objective = OBJECTIVES[name].create();
          const data = toyDataset('moons');
          return trainStep({ model, data, objective, adam, step: 0, batchSize: 16, seed: 1, learningRate: 1e-2 });
        } finally {
          adam.dispose();
        }
      });
      expect(Number.isFinite(loss), `${name} loss ${loss}`).toBe(true);
      const moved = model.variables.some((v, i) => v.dataSync().some((w, j) => w !== before[i]?.[j]));
      expect(moved).toBe(true);
    });

    it.each(OBJECTIVE_NAMES)('%s samples through its field, without leaks', async (name) => {
      const { field, timeSpan, samplers } = OBJECTIVES[name].samplingField(model);
      expect(timeSpan).toEqual(name === 'dsm' ? [1e-3, 1] : [0, 1]);
      expect(Object.keys(samplers)).toEqual(name === 'dsm' ? ['reverse-sde', 'pc', 'ddim', 'dpm-solver++'] : []);
      if (name !== 'dsm') expect(field).toBe(model);
      const out = await expectNoLeaks(() => tf.tidy(() => field(0.5, tf.ones([3, 2])).arraySync()));
      expect(out).toHaveLength(3);
    });
  });

  it('dsm samples through the VP probability flow: with ε ≡ 0 its field is f(t)·x = −½β(t)·x', async () => {
    const zeroNoise = (_t: number, x: tf.Tensor) => tf.zerosLike(x);
    const { field } = OBJECTIVES.dsm.samplingField(zeroNoise);
    const x = [
      [1, -2],
      [0.5, 3],
    ];
    const out = await expectNoLeaks(() => tf.tidy(() => field(0.5, tf.tensor2d(x)).arraySync() as number[][]));
    const beta = 0.1 + 0.5 * (20 - 0.1); // β(t) = β_min + t(β_max − β_min), VPSDE defaults
    expectClose(
      out.flat(),
      x.flat().map((v) => -0.5 * beta * v),
      { rtol: 1e-6, atol: 1e-6 },
    );
  });
});
