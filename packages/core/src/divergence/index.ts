export { divergenceExact, type ValueAndDivergence, valueAndDivergenceExact } from './divergence-exact.js';
export { divergenceHutchinson, valueAndDivergenceHutchinson } from './divergence-hutchinson.js';
export { hutchinsonProbe, type ProbeKind } from './hutchinson-probe.js';
