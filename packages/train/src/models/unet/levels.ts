import type { UnetVectorFieldConfig } from './config.js';

/**
 * The channels of each level: baseChannels·channelMultipliers[i].
 *
 * @param config - The parts of a config that decide the channels.
 * @returns One channel count per level.
 * @example
 * ```ts
 * levelChannels({ baseChannels: 32, channelMultipliers: [1, 2, 2] }); // [32, 64, 64]
 * ```
 */
export function levelChannels(config: Pick<UnetVectorFieldConfig, 'baseChannels' | 'channelMultipliers'>): number[] {
  return config.channelMultipliers.map((m) => config.baseChannels * m);
}

/**
 * The spatial size [H_i, W_i] of each level: level 0 is the image; each 3×3 stride-2 convolution with padding 1
 * maps a size s to ⌈s/2⌉ (28 → 14 → 7, 7 → 4).
 *
 * @param config - The parts of a config that decide the sizes.
 * @returns One [height, width] per level.
 * @example
 * ```ts
 * levelSizes({ imageShape: [28, 28, 1], channelMultipliers: [1, 2, 2] }); // [[28, 28], [14, 14], [7, 7]]
 * ```
 */
export function levelSizes(
  config: Pick<UnetVectorFieldConfig, 'imageShape' | 'channelMultipliers'>,
): [height: number, width: number][] {
  const sizes: [number, number][] = [[config.imageShape[0], config.imageShape[1]]];
  while (sizes.length < config.channelMultipliers.length) {
    const [h, w] = sizes[sizes.length - 1] as [number, number];
    sizes.push([Math.ceil(h / 2), Math.ceil(w / 2)]);
  }
  return sizes;
}

/**
 * Whether a level's res blocks are followed by self-attention: its height H_i is in `attentionResolutions`.
 *
 * @param config - A validated config.
 * @returns One flag per level.
 * @example
 * ```ts
 * levelHasAttention(resolveUnetConfig({ imageShape: [28, 28, 1] }, 'options')); // [false, false, true]
 * ```
 */
export function levelHasAttention(config: UnetVectorFieldConfig): boolean[] {
  return levelSizes(config).map(([h]) => config.attentionResolutions.includes(h));
}

/**
 * The channels of every attention layer: the levels that have one, then the middle (the last level's channels).
 *
 * @param config - A validated config.
 * @returns The channel counts.
 * @example
 * ```ts
 * attentionChannels(resolveUnetConfig({ imageShape: [28, 28, 1] }, 'options')); // [64, 64]
 * ```
 */
export function attentionChannels(config: UnetVectorFieldConfig): number[] {
  const channels = levelChannels(config);
  const attended = channels.filter((_, i) => levelHasAttention(config)[i]);
  return [...attended, channels[channels.length - 1] as number];
}
