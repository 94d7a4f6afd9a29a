import * as tf from '@tensorflow/tfjs';
import { toyDataset } from './src/data/index.js';
import { mlpVectorField } from './src/models/index.js';
import { conditionalFlowMatching, otConditionalFlowMatching } from './src/objectives/index.js';
import { train } from './src/trainer.js';
await tf.setBackend('cpu');
const out: Record<string, number> = {};
for (const [name, objective] of [['cfm', conditionalFlowMatching()], ['ot-cfm', otConditionalFlowMatching()]] as const) {
  const model = mlpVectorField({ dim: 2, hidden: [64, 64], seed: 1 });
  const { losses } = await train({ model, data: toyDataset('8gaussians'), objective, steps: 300, batchSize: 256, lr: 3e-3, seed: 4 });
  out[name] = losses.slice(-50).reduce((a, b) => a + b, 0) / 50; model.dispose();
}
console.log(out, out.cfm! / out['ot-cfm']!);
