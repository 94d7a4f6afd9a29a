/**
 * Side-effect entry: `import '@gen/backend-cuda/register'` registers the `'cuda'` backend and its kernels when a
 * CUDA device is usable, and otherwise records why (`@gen/core`'s `backendUnavailableReason('cuda')` returns it).
 *
 * @packageDocumentation
 */
import { registerCudaBackend } from './register-cuda-backend.js';

registerCudaBackend();
