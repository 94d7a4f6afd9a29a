import type { NativeCase } from '../support/native-case.js';
import { CONVERSION_CASES } from './conversion.js';
import { ELEMENTWISE_CASES } from './elementwise.js';
import { MOVEMENT_CASES } from './movement.js';
import { REDUCTION_CASES } from './reduction.js';

/** Every function case, grouped by the binding function they call. */
export const ALL_CASES: readonly NativeCase[] = [
  ...ELEMENTWISE_CASES,
  ...CONVERSION_CASES,
  ...REDUCTION_CASES,
  ...MOVEMENT_CASES,
];
