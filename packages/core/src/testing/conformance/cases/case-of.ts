import type { KernelCase, KernelCaseFn } from '../kernel-case.js';
import type { KernelInput } from '../kernel-input.js';

/** A case of one kernel named `"<kernel>: <what>"`, with optional tolerances or a separate reference. */
export function caseOf(
  kernel: string,
  what: string,
  inputs: readonly KernelInput[],
  run: KernelCaseFn,
  extra: Pick<KernelCase, 'tolerance' | 'backendTolerances' | 'reference'> = {},
): KernelCase {
  return { name: `${kernel}: ${what}`, kernels: [kernel], inputs, run, ...extra };
}
