import type { FusedKernelBuild } from '../src/kernels/fused/native-kernels.js';
import { nativeKernelsAddon } from '../src/kernels/fused/native-kernels.js';
import { type BenchResult, benchmarkVariants, fusedMlpWorkload } from '../src/testing/index.js';

/** The 3×256 SiLU MLP of the flow models on 2-D data, [x, t] in. */
const WIDTHS = [3, 256, 256, 256, 2];

/** Multiply–adds of one row's forward pass. */
const FORWARD_MACS = WIDTHS.slice(1).reduce((sum, width, l) => sum + (WIDTHS[l] as number) * width, 0);

/**
 * The builds of gen's fused kernels against each other (the wasm module and every native build this CPU runs), on
 * one thread, called directly (no tfjs around them), interleaved round by round: an MLP forward pass over 10 000
 * points, a training step's kernels at batch 256 and 1024 (forward with tape, backward, parameter gradients, Adam),
 * and the exact divergence over 1000 points. Prints a table with GFLOP/s (2 flops per multiply–add; a step counts 3
 * forward passes' worth, the divergence 1 + D) and each build's speed-up over wasm.
 *
 * @returns One result per build and row.
 */
export async function runFusedBuilds(): Promise<BenchResult[]> {
  const native = nativeKernelsAddon();
  const builds: FusedKernelBuild[] = ['wasm', ...('addon' in native ? native.addon.isas : [])];
  if (!('addon' in native)) console.log(`fused kernel builds: wasm only (${native.missing})`);
  const rows = [
    { name: 'MLP forward, 10 000 points', rows: 10_000, call: 'forward', flopsPerRow: 2 * FORWARD_MACS },
    { name: 'training step, batch 256', rows: 256, call: 'trainingStep', flopsPerRow: 6 * FORWARD_MACS },
    { name: 'training step, batch 1024', rows: 1024, call: 'trainingStep', flopsPerRow: 6 * FORWARD_MACS },
    { name: 'exact divergence, 1000 points', rows: 1000, call: 'divergence', flopsPerRow: 6 * FORWARD_MACS },
  ] as const;
  const results: BenchResult[] = [];
  const table: string[] = [];
  for (const row of rows) {
    const workloads = builds.map((build) => fusedMlpWorkload(build, { widths: WIDTHS, rows: row.rows }));
    const variants = workloads.map((workload) => [workload.build, () => workload[row.call]()] as const);
    const measured = await benchmarkVariants(`fused kernels, ${row.name} (1 thread)`, variants, {
      warmup: 2,
      rounds: row.rows >= 10_000 ? 10 : 30,
    });
    const wasmMs = (measured[0] as BenchResult).medianMs;
    const cells = measured.map((result) => {
      const gflops = (row.flopsPerRow * row.rows) / result.medianMs / 1e6;
      result.meta = {
        rows: row.rows,
        gflops: Number(gflops.toFixed(1)),
        speedupOverWasm: Number((wasmMs / result.medianMs).toFixed(2)),
      };
      results.push(result);
      return `${result.medianMs.toFixed(2)} ms (${gflops.toFixed(0)} GFLOP/s, ${(wasmMs / result.medianMs).toFixed(2)}×)`;
    });
    table.push(`| ${row.name} | ${cells.join(' | ')} |`);
  }
  console.log(`\n| fused kernels, 1 thread | ${builds.join(' | ')} |`);
  console.log(`|---|${builds.map(() => '---|').join('')}`);
  for (const line of table) console.log(line);
  return results;
}
