import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as internal from '../src/internal.js';

describe('@gen/ode public surface', () => {
  it('exports the plumbing @gen/sde shares (error norm, step-size controllers, solve loop parts) from ./internal only', () => {
    const shared = [
      'budgetFailure',
      'checkFinite',
      'constantStepSize',
      'errorNorm',
      'finishSolve',
      'isStepFailure',
      'readValues',
      'runAsync',
      'runSync',
      'SavedOutputs',
    ];
    for (const name of shared) expect(Object.hasOwn(root, name), `root exports ${name}`).toBe(false);
    expect(Object.keys(internal).sort()).toEqual([...shared].sort());
  });

  it('keeps the solvers users call at the root', () => {
    for (const name of [
      'odeint',
      'odeintSync',
      'odeintAdjoint',
      'logProb',
      'sample',
      'getMethod',
      'METHOD_NAMES',
      'odeSolveOptions',
    ])
      expect(Object.hasOwn(root, name), `root lacks ${name}`).toBe(true);
  });

  it('maps ./internal in package.json, types first', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.exports['./internal']).toEqual({ types: './dist/internal.d.ts', import: './dist/internal.js' });
    expect(Object.keys(manifest.exports['./internal'])).toEqual(['types', 'import']);
  });
});
