/**
 * What `@gen/ode` shares with gen's other packages and users do not call: the error norm its adaptive step
 * control uses, which `@gen/sde`'s adaptive stepping shares.
 *
 * Not covered by semver: names here may change in any release. Import it as `@gen/ode/internal` from gen's own
 * packages only.
 *
 * @packageDocumentation
 */
export { errorNorm } from './error-norm.js';
