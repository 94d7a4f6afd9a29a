import { type NearestAttrs, nearestSourceIndices } from '@gen/core/internal';

/**
 * The one-hot matrix [outSize, inSize] of {@link nearestSourceIndices}: row i has its 1 in the column of output i's
 * source, so that its transpose sums an output gradient back onto the inputs.
 *
 * @param inSize - The input height (or width).
 * @param outSize - The output height (or width).
 * @param attrs - alignCorners and halfPixelCenters.
 * @returns outSize·inSize float32 values, row-major.
 */
export function nearestSourceMatrix(inSize: number, outSize: number, attrs: NearestAttrs): Float32Array {
  const matrix = new Float32Array(outSize * inSize);
  for (const [i, source] of nearestSourceIndices(inSize, outSize, attrs).entries()) matrix[i * inSize + source] = 1;
  return matrix;
}
