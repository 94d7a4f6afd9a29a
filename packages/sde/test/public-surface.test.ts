import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';

describe('@gen/sde public surface', () => {
  it('keeps the single-step machinery of sdeint off the root', () => {
    for (const name of [
      'StepStart',
      'euler',
      'eulerMaruyama',
      'heun',
      'stochasticHeun',
      'milstein',
      'srk',
      'SDE_METHODS',
    ])
      expect(Object.hasOwn(root, name), `root exports ${name}`).toBe(false);
  });

  it('names the methods sdeint accepts', () => {
    expect(root.SDE_METHOD_NAMES).toEqual(['euler', 'milstein', 'heun', 'srk']);
    expect(Object.isFrozen(root.SDE_METHOD_NAMES)).toBe(true);
  });
});
