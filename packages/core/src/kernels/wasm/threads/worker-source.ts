import {
  ARGS_OFFSET,
  CHUNK_ROWS,
  CLAIM,
  CLAIMED_BY_WORKER,
  DONE,
  FN,
  HEADER_BYTES,
  MAX_ARGS,
  NARGS,
  NEXT_CHUNK,
  ROWS,
  SEQ,
  SPIN_POLLS,
  STATUS,
  STOP,
  TEXT_BYTES,
  TEXT_LENGTH,
  TEXT_OFFSET,
} from './control-block.js';

/**
 * What a worker receives when it starts: the code it runs (a compiled module to instantiate on the shared memory
 * it imports as `env.memory`, or in Node a native addon to bind to that memory), the memory, the control block,
 * the byte offset of its slot in it (`slotOffset`), and the names of the functions it may be asked to run (by
 * index).
 */
export interface WorkerInit {
  readonly code: KernelCode;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly slotAt: number;
  readonly names: readonly string[];
}

/**
 * A Node addon whose `bind(memory, isa)` returns functions with a wasm module's ABI on that memory (gen's native
 * kernels, `nativeKernelsAddon`): what a pool's workers run instead of a module's instances.
 */
export interface NativeKernelCode {
  /** The addon's file. */
  readonly addonPath: string;
  /** The build to bind. */
  readonly isa: string;
  /** Its functions that a pool may run. */
  readonly names: readonly string[];
}

/** What a kernel pool's threads run: instances of a compiled wasm module, or (in Node) a native addon's build. */
export type KernelCode = WebAssembly.Module | NativeKernelCode;

/**
 * The worker's body, plain JavaScript shared by Node and browsers: `start(init)` instantiates the module (or binds
 * the addon) on the shared memory and returns the loop that serves calls until `SEQ` becomes STOP. Kept as source text (run with
 * `eval: true` in Node, from a Blob URL in a browser) so that the worker needs no file of its own, whether gen runs
 * from its built `dist`, from TypeScript sources under vitest or tsx, or bundled by Vite.
 */
const SERVE = `
function start(init) {
  const functions = init.code instanceof WebAssembly.Module
    ? new WebAssembly.Instance(init.code, { env: { memory: init.memory } }).exports
    : require(init.code.addonPath).bind(init.memory, init.code.isa);
  const fns = init.names.map((name) => functions[name]);
  const base = init.slotAt;
  const header = new Int32Array(init.control, 0, ${HEADER_BYTES / 4});
  const words = new Int32Array(init.control, base, ${ARGS_OFFSET / 4});
  const args = new Float64Array(init.control, base + ${ARGS_OFFSET}, ${MAX_ARGS});
  const text = new Uint8Array(init.control, base + ${TEXT_OFFSET}, ${TEXT_BYTES});
  return function serve() {
    let seen = 0;
    for (;;) {
      // Poll a while for the next call (calls come back to back), then sleep until it comes.
      for (let polls = 0; polls < ${SPIN_POLLS} && Atomics.load(words, ${SEQ}) === seen; polls += 1);
      Atomics.wait(words, ${SEQ}, seen);
      const seq = Atomics.load(words, ${SEQ});
      if (seq === seen) continue;
      if (seq === ${STOP}) return;
      seen = seq;
      // Run the call unless the calling thread took it first (it does when this worker wakes late).
      if (Atomics.compareExchange(words, ${CLAIM}, 0, ${CLAIMED_BY_WORKER}) === 0) {
        let status = 0;
        try {
          const fn = fns[words[${FN}]];
          const given = Array.from(args.subarray(0, words[${NARGS}]));
          const chunkRows = words[${CHUNK_ROWS}];
          if (chunkRows === 0) {
            fn(...given);
          } else {
            // A chunked call: claim chunks until every one is taken.
            const rows = words[${ROWS}];
            for (;;) {
              const begin = Atomics.add(header, ${NEXT_CHUNK}, 1) * chunkRows;
              if (begin >= rows) break;
              fn(...given, begin, Math.min(rows, begin + chunkRows));
            }
          }
        } catch (error) {
          status = 1;
          const bytes = new TextEncoder().encode(String(error && error.message ? error.message : error));
          const length = Math.min(bytes.length, ${TEXT_BYTES});
          text.set(bytes.subarray(0, length));
          words[${TEXT_LENGTH}] = length;
        }
        words[${STATUS}] = status;
      }
      Atomics.store(words, ${DONE}, seq);
      Atomics.notify(words, ${DONE});
    }
  };
}
`;

/** The worker script for Node's `worker_threads` (`eval: true`; the init arrives as `workerData`). */
export const NODE_WORKER_SOURCE = `${SERVE}
const { parentPort, workerData } = require('node:worker_threads');
const serve = start(workerData);
parentPort.postMessage('ready');
serve();
`;

/** The worker script for a browser's Web Worker (classic; the init arrives as the first message). */
export const BROWSER_WORKER_SOURCE = `${SERVE}
self.onmessage = (event) => {
  self.onmessage = null;
  const serve = start(event.data);
  self.postMessage('ready');
  serve();
};
`;
