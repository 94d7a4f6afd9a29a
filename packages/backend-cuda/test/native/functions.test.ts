/**
 * Every binding function against the float64 JavaScript reference, on the host build and, where a GPU is present,
 * on the CUDA build. Each case also checks that bytesInUse returns to its starting value once its buffers are freed.
 */
import { describe, it } from 'vitest';
import { ALL_CASES } from './cases/all-cases.js';
import { testedBindings } from './support/bindings.js';
import { expectClose } from './support/compare.js';
import { withSession } from './support/session.js';

describe.each(testedBindings)('$name build', ({ binding }) => {
  it.each(ALL_CASES.map((c) => [c.name, c] as const))('%s', (name, nativeCase) => {
    const got = withSession(binding, (session) => nativeCase.run(session));
    expectClose(got, nativeCase.expected, nativeCase.tolerance, name);
  });
});
