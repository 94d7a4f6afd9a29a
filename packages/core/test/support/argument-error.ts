import { expect } from 'vitest';

/** Matches an error of exactly class `kind` that names `parameter`. */
export const argumentError = (kind: 'InvalidArgumentError' | 'ShapeError', parameter: string) =>
  expect.objectContaining({ name: kind, parameter });
