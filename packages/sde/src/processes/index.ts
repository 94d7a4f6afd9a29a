export { LinearDiffusionProcess } from './linear-process.js';
export type { DiffusionProcess, Marginal, ScoreFunction } from './process.js';
export { SubVPSDE, type SubVPSDEOptions } from './sub-vp.js';
export { VESDE, type VESDEOptions } from './ve.js';
export { VPSDE, type VPSDEOptions } from './vp.js';
