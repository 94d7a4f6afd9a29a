// Runs before every test file of the packages (see vitest.shared.ts): drops tfjs-backend-cpu's "running
// TensorFlow.js in Node.js" banner, printed once per test file otherwise, and no other warning.
import { quietTfjsNodeBanner } from './packages/train/src/cli/quiet-tfjs-banner.ts';

quietTfjsNodeBanner();
