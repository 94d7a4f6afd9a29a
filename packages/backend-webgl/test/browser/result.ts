/** The JSON the conformance page writes to `window.__result` (shared by the page and the Node test). */
import type { WebglCapabilities } from '../../src/index.js';

/** One forward case: fused kernel vs the composite and vs a float64 host reference. */
export interface CaseResult {
  shape: number[];
  termCount: number;
  /** How many times the fused kernel ran for this one `linearCombination` call (expected 1). */
  fusedCalls: number;
  /** max over elements of |base| + Σ|cᵢ·termᵢ|, the scale rounding errors are relative to. */
  scale: number;
  fusedVsComposite: number;
  fusedVsExact: number;
  compositeVsExact: number;
  leakedTensors: number;
  leakedBuffers: number;
}

/** Gradients of Σ w·(base + Σ cᵢ·termᵢ)² through the fused kernel vs through the composite. */
export interface GradientResult {
  fusedCalls: number;
  maxAbsError: number;
  maxAbsGradient: number;
  leakedTensors: number;
  leakedBuffers: number;
}

/** A convergence-order study of one fixed-step method. */
export interface OrderResult {
  method: string;
  expected: number;
  horizon: number;
  hs: number[];
  errors: number[];
  slope: number;
  fusedCalls: number;
  leakedTensors: number;
}

/** Everything the page measured. */
export interface ConformanceSuccess {
  ok: true;
  backend: string;
  capabilities: WebglCapabilities;
  cases: CaseResult[];
  gradient: GradientResult;
  orders: OrderResult[];
  finalTensors: number;
}

/** What the page reports when it could not run. */
export interface ConformanceFailure {
  ok: false;
  error: string;
}

/** `window.__result`. */
export type ConformanceResult = ConformanceSuccess | ConformanceFailure;
