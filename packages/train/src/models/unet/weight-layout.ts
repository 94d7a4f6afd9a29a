import type { UnetVectorFieldConfig } from './config.js';
import { levelChannels, levelHasAttention } from './levels.js';

/**
 * How a weight of the U-Net is initialised and laid out.
 *
 * - `'conv'`: a convolution kernel, [kh, kw, in, out] in gen and [out, in, kh, kw] in PyTorch; U(±1/√fanIn).
 * - `'linear'`: a dense kernel, [in, out] in gen and [out, in] in PyTorch; U(±1/√fanIn).
 * - `'bias'`: the bias [out] of a conv or dense layer; U(±1/√fanIn) with its layer's fan-in.
 * - `'embedding'`: the class table [(K + 1), E], the same in both; U(±1) (`fanInUniform` with fan-in 1, where
 *   PyTorch's `nn.Embedding` would draw N(0, 1)).
 * - `'norm-weight'` / `'norm-bias'`: GroupNorm's γ = 1 and β = 0, [channels].
 */
export type UnetWeightRole = 'conv' | 'linear' | 'bias' | 'embedding' | 'norm-weight' | 'norm-bias';

/** One tensor of a U-Net's state. */
export interface UnetWeight {
  /** The gen name, a key of `namedVariables`, e.g. `down/0/res/0/conv1/kernel`. */
  readonly name: string;
  /** The shape in gen's layout. */
  readonly shape: readonly number[];
  /** How it is initialised and converted to PyTorch's layout. */
  readonly role: UnetWeightRole;
  /** The fan-in of its layer (in·kh·kw for a conv, in for a dense layer, 1 for the class table and norms). */
  readonly fanIn: number;
}

/**
 * Every tensor of a U-Net's state, in a fixed order: names, shapes and initialisation. The single source of the
 * architecture's weights; `state-dict` maps them to PyTorch's names.
 *
 * @remarks
 * Gen names are the PyTorch state_dict names with `/` for `.` and `kernel` for the `weight` of a conv or dense
 * layer (whose layout differs): `time_embed/{0,2}/{kernel,bias}`, `class_embed/weight` (class-conditional only),
 * `input_conv/{kernel,bias}`, `down/{i}/res/{j}/{norm1,conv1,emb,norm2,conv2,skip}/…`, `down/{i}/attn/{j}/{norm,
 * qkv,proj}/…`, `down/{i}/downsample/…`, `middle/{res1,attn,res2}/…`, `up/{i}/res/{j}/…`, `up/{i}/attn/{j}/…`,
 * `up/{i}/upsample/…`, `out_norm/{weight,bias}`, `out_conv/{kernel,bias}`. Norms have `weight` and `bias`. `skip`
 * (a 1×1 conv) exists only where a res block changes the channel count. Up levels are indexed by their level i
 * (the same i as on the way down), listed here from 0 up, though the network runs them from the last level down.
 * The k-th entry is initialised from `deriveSeed(seed, 0, k)`.
 *
 * @param config - A validated config.
 * @returns The weights in order.
 * @example
 * ```ts
 * unetWeights(config).find((w) => w.name === 'input_conv/kernel'); // shape [3, 3, C, baseChannels]
 * ```
 */
export function unetWeights(config: UnetVectorFieldConfig): UnetWeight[] {
  const weights: UnetWeight[] = [];
  const base = config.baseChannels;
  const embed = 4 * base;
  const linear = (prefix: string, inputs: number, outputs: number) => {
    weights.push({ name: `${prefix}/kernel`, shape: [inputs, outputs], role: 'linear', fanIn: inputs });
    weights.push({ name: `${prefix}/bias`, shape: [outputs], role: 'bias', fanIn: inputs });
  };
  const conv = (prefix: string, inputs: number, outputs: number, size = 3) => {
    const fanIn = inputs * size * size;
    weights.push({ name: `${prefix}/kernel`, shape: [size, size, inputs, outputs], role: 'conv', fanIn });
    weights.push({ name: `${prefix}/bias`, shape: [outputs], role: 'bias', fanIn });
  };
  const norm = (prefix: string, channels: number) => {
    weights.push({ name: `${prefix}/weight`, shape: [channels], role: 'norm-weight', fanIn: 1 });
    weights.push({ name: `${prefix}/bias`, shape: [channels], role: 'norm-bias', fanIn: 1 });
  };
  const resBlock = (prefix: string, inputs: number, outputs: number) => {
    norm(`${prefix}/norm1`, inputs);
    conv(`${prefix}/conv1`, inputs, outputs);
    linear(`${prefix}/emb`, embed, outputs);
    norm(`${prefix}/norm2`, outputs);
    conv(`${prefix}/conv2`, outputs, outputs);
    if (inputs !== outputs) conv(`${prefix}/skip`, inputs, outputs, 1);
  };
  const attention = (prefix: string, channels: number) => {
    norm(`${prefix}/norm`, channels);
    linear(`${prefix}/qkv`, channels, 3 * channels);
    linear(`${prefix}/proj`, channels, channels);
  };

  linear('time_embed/0', base, embed);
  linear('time_embed/2', embed, embed);
  if (config.classes !== undefined) {
    weights.push({ name: 'class_embed/weight', shape: [config.classes + 1, embed], role: 'embedding', fanIn: 1 });
  }
  conv('input_conv', config.imageShape[2], base);

  const channels = levelChannels(config);
  const attended = levelHasAttention(config);
  const last = channels.length - 1;
  const skips = [base];
  let current = base;
  for (const [i, ch] of channels.entries()) {
    for (let j = 0; j < config.resBlocks; j += 1) {
      resBlock(`down/${i}/res/${j}`, current, ch);
      current = ch;
      skips.push(ch);
    }
    if (attended[i]) for (let j = 0; j < config.resBlocks; j += 1) attention(`down/${i}/attn/${j}`, ch);
    if (i < last) {
      conv(`down/${i}/downsample`, ch, ch);
      skips.push(ch);
    }
  }
  resBlock('middle/res1', current, current);
  attention('middle/attn', current);
  resBlock('middle/res2', current, current);

  const up: UnetWeight[][] = [];
  for (let i = last; i >= 0; i -= 1) {
    const start = weights.length;
    const ch = channels[i] as number;
    for (let j = 0; j <= config.resBlocks; j += 1) {
      resBlock(`up/${i}/res/${j}`, current + (skips.pop() as number), ch);
      current = ch;
    }
    if (attended[i]) for (let j = 0; j <= config.resBlocks; j += 1) attention(`up/${i}/attn/${j}`, ch);
    if (i > 0) conv(`up/${i}/upsample`, ch, ch);
    up.unshift(weights.splice(start));
  }
  weights.push(...up.flat());

  norm('out_norm', base);
  conv('out_conv', base, config.imageShape[2]);
  return weights;
}

/**
 * The number of trainable parameters, in float64 so absurd sizes count without overflow.
 *
 * @param config - A config whose fields are valid (divisibility and memory need not be checked yet).
 * @returns The count.
 * @example
 * ```ts
 * unetParameterCount(resolveUnetConfig({ imageShape: [28, 28, 1] }, 'options'));
 * ```
 */
export function unetParameterCount(config: UnetVectorFieldConfig): number {
  return unetWeights(config).reduce((sum, { shape }) => sum + shape.reduce((n, d) => n * d, 1), 0);
}
