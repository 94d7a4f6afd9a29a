import type { Sde } from '../../src/index.js';

/** An SDE that counts how often its drift and diffusion really run, to check `stats.nfe` against. */
export function countingSde(sde: Sde): { sde: Sde; calls: () => number } {
  let calls = 0;
  return {
    sde: {
      ...sde,
      drift: (t, x) => {
        calls += 1;
        return sde.drift(t, x);
      },
      diffusion: (t, x) => {
        calls += 1;
        return sde.diffusion(t, x);
      },
    },
    calls: () => calls,
  };
}
