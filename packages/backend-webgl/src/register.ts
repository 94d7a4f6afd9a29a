/**
 * Side-effect entry: `import '@gen/backend-webgl/register'` registers every fused webgl kernel and its gradient.
 *
 * @packageDocumentation
 */
import { registerWebglKernels } from './register-all-kernels.js';

registerWebglKernels();
