/**
 * Regenerates `reference-values.ts`: the end states y(20) of the DETEST problems at rtol = atol = 1e-13.
 *
 * @remarks
 * Run from `packages/ode`: `npx tsx bench/detest/make-reference.ts` prints the module to stdout (with step counts on
 * stderr); `--write` overwrites `bench/detest/reference-values.ts`. Format the result with
 * `npx biome check --write bench/detest` afterwards.
 *
 * @example
 * ```sh
 * npx tsx bench/detest/make-reference.ts --write && npx biome check --write bench/detest
 * ```
 *
 * @packageDocumentation
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DETEST_PROBLEMS } from './problems.js';
import { REFERENCE_ATOL, REFERENCE_RTOL, referenceEndState } from './reference.js';

/**
 * Builds the source text of `reference-values.ts`.
 *
 * @remarks
 * Each number is written with `String(x)`, the shortest decimal that reads back as the same float64.
 *
 * @returns The module source and a one-line summary per problem.
 * @example
 * ```ts
 * const { source } = makeReferenceModule();
 * ```
 */
export function makeReferenceModule(): { source: string; summary: string[] } {
  const entries: string[] = [];
  const summary: string[] = [];
  for (const problem of DETEST_PROBLEMS) {
    const started = performance.now();
    const result = referenceEndState(problem);
    const ms = performance.now() - started;
    entries.push(`  ${problem.name}: [${Array.from(result.y, (v) => String(v)).join(', ')}],`);
    summary.push(
      `${problem.name}: ${result.steps} steps, ${result.rejected} rejected, ${result.evaluations} evaluations, ${ms.toFixed(0)} ms`,
    );
  }
  const source = `/**
 * Reference end states y(20) of the 25 DETEST problems, computed in float64 by \`make-reference.ts\`.
 *
 * @remarks
 * Generated file: do not edit by hand; run \`npx tsx bench/detest/make-reference.ts --write\` instead. Each entry
 * is y(20) for dy/dt = f(t, y), y(0) = y0 of the problem of that name in \`problems.ts\`, integrated with
 * \`integrateHost\` (\`reference.ts\`): Dormand–Prince RK8(7)13M, rtol = atol = ${REFERENCE_RTOL}.
 *
 * @packageDocumentation
 */
import type { DetestName } from './problems.js';

/**
 * The tolerances and method the references were computed with.
 *
 * @remarks
 * rtol = atol = ${REFERENCE_RTOL} on the RMS error norm of RK8(7)13M, t from 0 to 20.
 *
 * @example
 * \`\`\`ts
 * console.log(REFERENCE_SETTINGS.rtol); // ${REFERENCE_RTOL}
 * \`\`\`
 */
export const REFERENCE_SETTINGS = { method: 'dopri8', rtol: ${REFERENCE_RTOL}, atol: ${REFERENCE_ATOL}, tEnd: 20 } as const;

/**
 * y(20) of each DETEST problem, by name.
 *
 * @remarks
 * Where a closed-form solution is known these agree with it to 1.2e-11 relative or better, and components below 1e-5
 * (A1 and the tails of C1, C2, C4) to 5e-15 absolute, since atol governs them (see \`test/detest.test.ts\`).
 *
 * @example
 * \`\`\`ts
 * const [x, y, vx, vy] = REFERENCE_END_STATES.D5;
 * \`\`\`
 */
export const REFERENCE_END_STATES: Readonly<Record<DetestName, readonly number[]>> = {
${entries.join('\n')}
};
`;
  return { source, summary };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { source, summary } = makeReferenceModule();
  for (const line of summary) process.stderr.write(`${line}\n`);
  if (process.argv.includes('--write')) {
    const target = fileURLToPath(new URL('./reference-values.ts', import.meta.url));
    writeFileSync(target, source);
    process.stderr.write(`wrote ${target}\n`);
  } else {
    process.stdout.write(source);
  }
}
