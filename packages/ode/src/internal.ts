/**
 * What `@gen/ode` shares with gen's other packages and users do not call: the error norm of its adaptive step
 * control, the step-size controller interface with constant steps, the saving of outputs, the finiteness check of
 * fixed steps and the readback drivers, which `@gen/sde`'s solve loop shares.
 *
 * Not covered by semver: names here may change in any release. Import it as `@gen/ode/internal` from gen's own
 * packages only.
 *
 * @packageDocumentation
 */
export { errorNorm } from './error-norm.js';
export { checkFinite } from './finite-check.js';
export { type Readbacks, readValues, runAsync, runSync, type Values } from './readback.js';
export { finishSolve, SavedOutputs } from './saved-outputs.js';
export { constantStepSize } from './step-size/constant.js';
export {
  budgetFailure,
  isStepFailure,
  type ProposedStep,
  type StepFailure,
  type StepSizeController,
} from './step-size/controller.js';
