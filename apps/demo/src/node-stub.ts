/** Browser stand-in for `node:zlib`: `@gen/train`'s PNG writer imports it, the demo never calls it. */
export function deflateSync(): never {
  throw new Error('node:zlib is not available in the browser (PNG files are written by the gen CLI in Node).');
}
export default { deflateSync };
