import { detectEnvironment } from '../../../backend/environment.js';
import { importNodeBuiltin } from './import-node-builtin.js';
import { BROWSER_WORKER_SOURCE, NODE_WORKER_SOURCE, type WorkerInit } from './worker-source.js';

/** A started worker of a kernel pool, as the pool sees it in Node and in browsers alike. */
export interface WorkerHandle {
  /** Resolves once the worker instantiated the module and waits for calls; rejects with its startup error. */
  readonly ready: Promise<void>;
  /** False once the worker exited or threw outside a call (it then never answers again). */
  readonly alive: () => boolean;
  /** Stops the worker at once, even in the middle of a call; resolves once its thread has exited. */
  terminate(): Promise<void>;
}

/** The part of Node's `worker_threads.Worker` used here. */
interface NodeWorker {
  on(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

/**
 * Starts one worker on `init`: a `worker_threads` Worker in Node (unref'd, so that it never keeps the process
 * alive), a Web Worker from a Blob URL in a browser or worker.
 *
 * @param init - The module, shared memory and control block slot the worker serves.
 * @returns The worker's handle; await its `ready` before handing it calls.
 */
export async function spawnWorker(init: WorkerInit): Promise<WorkerHandle> {
  if (detectEnvironment() === 'node') {
    const { Worker } = await importNodeBuiltin<{
      Worker: new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;
    }>('node:worker_threads');
    const worker = new Worker(NODE_WORKER_SOURCE, { eval: true, workerData: init });
    let alive = true;
    // Referenced until it is ready (so that awaiting startup keeps the process alive), unref'd from then on.
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message) => {
        if (message !== 'ready') return;
        worker.unref();
        resolve();
      });
      worker.on('error', (error) => {
        alive = false;
        reject(error);
      });
      worker.on('exit', (code) => {
        alive = false;
        reject(new Error(`the worker exited with code ${String(code)} before it was ready.`));
      });
    });
    return {
      ready,
      alive: () => alive,
      terminate: async () => {
        alive = false;
        await worker.terminate();
      },
    };
  }
  const url = URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(url);
  let alive = true;
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent) => {
      if (event.data === 'ready') resolve();
    };
    worker.onerror = (event: ErrorEvent) => {
      alive = false;
      reject(new Error(event.message || 'the worker failed to start.'));
    };
  }).finally(() => URL.revokeObjectURL(url));
  worker.postMessage(init);
  return {
    ready,
    alive: () => alive,
    terminate: async () => {
      alive = false;
      worker.terminate();
    },
  };
}
