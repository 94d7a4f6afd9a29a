/** The JSON the conformance page writes to `window.__result` (shared by the page and the Node test). */
import type { KernelCaseResult } from '@gen/core/testing';
import type { SolverConformanceReport } from '@gen/ode/testing';
import type { WebglCapabilities } from '../../src/index.js';

/** One fused-kernel forward case: one kernel call, against a float64 host reference. */
export interface FusedCaseResult {
  shape: number[];
  termCount: number;
  /** How many times the fused kernel ran for this one `linearCombination` call (expected 1). */
  fusedCalls: number;
  /** max over elements of |base| + Σ|cᵢ·termᵢ|, the scale rounding errors are relative to. */
  scale: number;
  fusedVsExact: number;
  leakedTensors: number;
  leakedDataBuffers: number;
}

/** A kernel conformance case on webgl (cpu reference), with the fused-kernel calls it made. */
export interface KernelCaseOutcome extends KernelCaseResult {
  fusedCalls: number;
}

/** Everything the page measured. */
export interface ConformanceSuccess {
  ok: true;
  backend: string;
  capabilities: WebglCapabilities;
  fusedCases: FusedCaseResult[];
  /** `runKernelConformance({ backend: 'webgl', reference: 'cpu' })`, case by case. */
  kernelCases: KernelCaseOutcome[];
  /** `runSolverConformance({ backend: 'webgl' })`. */
  solver: SolverConformanceReport;
  /** Fused-kernel calls during the solver suite. */
  solverFusedCalls: number;
  finalTensors: number;
}

/** What the page reports when it could not run. */
export interface ConformanceFailure {
  ok: false;
  error: string;
}

/** `window.__result`. */
export type ConformanceResult = ConformanceSuccess | ConformanceFailure;
