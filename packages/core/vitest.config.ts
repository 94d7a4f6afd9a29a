import { defineConfig } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.ts';
import { nativeKernelsAddon } from './src/kernels/fused/native-kernels.ts';

/**
 * Every test runs once on the fused kernels' default build (the fastest native one where the addon is built, else
 * wasm: `chooseFusedKernelBuild`); the fused kernels' own tests run again on every other build this machine runs,
 * each in a project of its own (`GEN_FUSED_KERNELS`), so that the wasm module browsers run is tested in Node too.
 */
const native = nativeKernelsAddon();
const otherBuilds = 'addon' in native ? [...native.addon.isas.slice(1), 'wasm'] : [];
const FUSED_TESTS = [
  'test/fused-mlp.test.ts',
  'test/fused-adam.test.ts',
  'test/fused-threads.test.ts',
  'test/fused-row-ranges.test.ts',
  'test/kernel-conformance.test.ts',
];

const { include = [], ...shared } = packageTestConfig.test ?? {};

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'core', include } },
      ...otherBuilds.map((build) => ({
        test: { ...shared, name: `fused kernels: ${build}`, include: FUSED_TESTS, env: { GEN_FUSED_KERNELS: build } },
      })),
    ],
  },
});
