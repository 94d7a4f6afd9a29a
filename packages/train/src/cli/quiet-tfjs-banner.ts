/** The words of tfjs-backend-cpu's banner (printed on its first tensor in Node through tfjs-core's `warn`). */
const BANNER = 'looks like you are running TensorFlow.js in Node.js';

/** Marks a `console.warn` that already drops the banner, so that installing twice wraps once. */
const QUIET = Symbol.for('gen.quietTfjsNodeBanner');

/**
 * Drops tfjs's "Hi, looks like you are running TensorFlow.js in Node.js … install our node backend" banner from
 * `console.warn`, and nothing else.
 *
 * @remarks
 * tfjs-backend-cpu prints the banner on the first tensor it stores in Node; it advises tfjs-node, which gen does
 * not use (gen's Node backends are wasm and cuda), and it appears once per process: in every `gen --backend cpu`
 * run and in every test file. tfjs-core skips all of its warnings when its `IS_TEST` or `PROD` flag is set, which
 * would hide real ones too (a kernel registered twice, a platform set twice); this filter drops only a single-string
 * message containing the banner's words and passes every other call through unchanged. Installing it again does
 * nothing. The `gen` CLI installs it at start; the packages' vitest setup (vitest.setup.ts) installs it for tests.
 *
 * @example
 * ```ts
 * quietTfjsNodeBanner();
 * await tf.setBackend('cpu'); // its first tensor prints no banner
 * ```
 */
export function quietTfjsNodeBanner(): void {
  const warn = console.warn as typeof console.warn & { [QUIET]?: true };
  if (warn[QUIET]) return;
  const filtered = (...args: unknown[]): void => {
    if (args.length === 1 && typeof args[0] === 'string' && args[0].includes(BANNER)) return;
    warn.apply(console, args);
  };
  console.warn = Object.assign(filtered, { [QUIET]: true as const });
}
