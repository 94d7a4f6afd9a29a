/**
 * What `@gen/ode` shares with gen's other packages and users do not call: the error norm its adaptive step
 * control uses, which `@gen/sde`'s adaptive stepping shares, and the rule that turns `sample`'s options into
 * `odeint`'s, which `@gen/train` applies to its likelihood solves.
 *
 * Not covered by semver: names here may change in any release. Import it as `@gen/ode/internal` from gen's own
 * packages only.
 *
 * @packageDocumentation
 */
export { errorNorm } from './error-norm.js';
export { odeSolveOptions } from './sample.js';
