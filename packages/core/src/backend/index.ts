export { CPU_BACKEND_WARNING, warnIfUnchosenCpuBackend } from './cpu-backend-warning.js';
export { detectEnvironment, type Environment } from './environment.js';
export { initBackend } from './init-backend.js';
export { backendUnavailableReason, declareBackendUnavailable } from './unavailable-backends.js';
