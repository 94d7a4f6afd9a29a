export { detectEnvironment, type Environment } from './environment.js';
export { initBackend } from './init-backend.js';
export { backendUnavailableReason } from './unavailable-backends.js';
