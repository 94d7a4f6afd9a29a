import { deriveSeed } from '@gen/core';
import * as tf from '@tensorflow/tfjs';
import { activate } from '../activations.js';
import { type AttentionWeights, selfAttention } from './attention.js';
import type { UnetVectorFieldConfig } from './config.js';
import { paddedConv2d } from './conv.js';
import { timeClassEmbedding } from './embedding.js';
import { groupNorm } from './group-norm.js';
import { levelChannels, levelHasAttention } from './levels.js';
import { type ResBlockWeights, resBlock } from './res-block.js';
import { cropTopLeft, upsampleNearest2x } from './resample.js';

/** Looks up a weight by its gen name (see `unetWeights`). */
export type WeightLookup = (name: string) => tf.Tensor | undefined;

/**
 * The U-Net's forward pass on validated inputs (see {@link unetVectorField} for the architecture).
 *
 * @param config - A validated config.
 * @param weight - The model's weights by gen name.
 * @param t - Times [N], float32; not disposed.
 * @param x - Images [N, H, W, C], float32; not disposed.
 * @param labels - int32 [N] in 0 … K for a class-conditional model, else undefined; not disposed.
 * @param dropoutSeed - The seed of this pass's dropout masks (res block b uses `deriveSeed(dropoutSeed, b)`), or
 *   undefined for no dropout.
 * @returns u(t, x), [N, H, W, C], owned by the caller.
 * @example
 * ```ts
 * const u = unetForward(config, (name) => model.namedVariables[name], t, x, undefined, undefined);
 * ```
 */
export function unetForward(
  config: UnetVectorFieldConfig,
  weight: WeightLookup,
  t: tf.Tensor,
  x: tf.Tensor,
  labels: tf.Tensor | undefined,
  dropoutSeed: number | undefined,
): tf.Tensor {
  const get = (name: string) => weight(name) as tf.Tensor;
  const conv = (input: tf.Tensor, prefix: string, stride: 1 | 2) =>
    paddedConv2d(input, get(`${prefix}/kernel`), get(`${prefix}/bias`), stride);
  return tf.tidy(() => {
    const embedding = timeClassEmbedding(t, labels, {
      kernel0: get('time_embed/0/kernel'),
      bias0: get('time_embed/0/bias'),
      kernel2: get('time_embed/2/kernel'),
      bias2: get('time_embed/2/bias'),
      classTable: weight('class_embed/weight'),
    });
    const activatedEmbedding = activate('silu', embedding);
    let block = 0;
    const res = (input: tf.Tensor, prefix: string) => {
      const seed = dropoutSeed === undefined ? undefined : deriveSeed(dropoutSeed, block);
      block += 1;
      const context = { activatedEmbedding, groups: config.groups, dropout: config.dropout, dropoutSeed: seed };
      return resBlock(input, resBlockWeights(weight, prefix), context);
    };
    const attend = (input: tf.Tensor, prefix: string) =>
      selfAttention(input, attentionWeights(weight, prefix), config.attentionHeads, config.groups);

    const levels = levelChannels(config).length;
    const attended = levelHasAttention(config);
    let h = conv(x, 'input_conv', 1);
    const skips = [h];
    for (let i = 0; i < levels; i += 1) {
      for (let j = 0; j < config.resBlocks; j += 1) {
        h = res(h, `down/${i}/res/${j}`);
        if (attended[i]) h = attend(h, `down/${i}/attn/${j}`);
        skips.push(h);
      }
      if (i + 1 < levels) {
        h = conv(h, `down/${i}/downsample`, 2);
        skips.push(h);
      }
    }
    h = res(h, 'middle/res1');
    h = attend(h, 'middle/attn');
    h = res(h, 'middle/res2');
    for (let i = levels - 1; i >= 0; i -= 1) {
      for (let j = 0; j <= config.resBlocks; j += 1) {
        const skip = skips.pop() as tf.Tensor;
        const [height, width] = skip.shape.slice(1, 3) as [number, number];
        if (h.shape[1] !== height || h.shape[2] !== width) h = cropTopLeft(h, height, width);
        h = res(tf.concat([h, skip], 3), `up/${i}/res/${j}`);
        if (attended[i]) h = attend(h, `up/${i}/attn/${j}`);
      }
      if (i > 0) h = conv(upsampleNearest2x(h), `up/${i}/upsample`, 1);
    }
    h = activate('silu', groupNorm(h, get('out_norm/weight'), get('out_norm/bias'), config.groups));
    return conv(h, 'out_conv', 1);
  });
}

function resBlockWeights(weight: WeightLookup, prefix: string): ResBlockWeights {
  const get = (name: string) => weight(`${prefix}/${name}`) as tf.Tensor;
  const skipKernel = weight(`${prefix}/skip/kernel`);
  return {
    norm1Weight: get('norm1/weight'),
    norm1Bias: get('norm1/bias'),
    conv1Kernel: get('conv1/kernel'),
    conv1Bias: get('conv1/bias'),
    embKernel: get('emb/kernel'),
    embBias: get('emb/bias'),
    norm2Weight: get('norm2/weight'),
    norm2Bias: get('norm2/bias'),
    conv2Kernel: get('conv2/kernel'),
    conv2Bias: get('conv2/bias'),
    ...(skipKernel === undefined ? {} : { skipKernel, skipBias: get('skip/bias') }),
  };
}

function attentionWeights(weight: WeightLookup, prefix: string): AttentionWeights {
  const get = (name: string) => weight(`${prefix}/${name}`) as tf.Tensor;
  return {
    normWeight: get('norm/weight'),
    normBias: get('norm/bias'),
    qkvKernel: get('qkv/kernel'),
    qkvBias: get('qkv/bias'),
    projKernel: get('proj/kernel'),
    projBias: get('proj/bias'),
  };
}
