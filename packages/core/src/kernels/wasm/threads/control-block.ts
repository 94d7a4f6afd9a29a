/**
 * The layout of the shared control block through which a kernel pool hands work to its workers: a header of
 * {@link HEADER_BYTES} shared by all threads, then one slot of {@link SLOT_BYTES} per worker, in one
 * `SharedArrayBuffer`. The calling thread writes a call (function, arguments) into a worker's slot and bumps `SEQ`;
 * the worker runs it and stores the same number into `DONE`. Both sides wait on those words with
 * `Atomics.wait`/`Atomics.notify`. A call in chunks (`CHUNK_ROWS` > 0) has every thread claim chunks of rows from
 * the header's {@link NEXT_CHUNK} counter until none is left.
 */

/** Bytes of the shared header before the first slot. */
export const HEADER_BYTES = 64;
/** Int32 word of the header: the next chunk of the current chunked call that no thread has claimed yet. */
export const NEXT_CHUNK = 0;
/** The byte offset of a worker's slot. */
export function slotOffset(slot: number): number {
  return HEADER_BYTES + slot * SLOT_BYTES;
}

/** Bytes per worker slot. */
export const SLOT_BYTES = 1024;
/** Int32 word: the number of the latest call handed to the worker; {@link STOP} asks it to return. */
export const SEQ = 0;
/** Int32 word: the number of the latest call the worker finished. */
export const DONE = 1;
/** Int32 word: which function to run, an index into the names the worker was started with. */
export const FN = 2;
/** Int32 word: how many arguments follow in the float64 argument area. */
export const NARGS = 3;
/** Int32 word: 0 when the latest call returned, 1 when it threw (its message is in the text area). */
export const STATUS = 4;
/** Int32 word: the length in bytes of the UTF-8 error message in the text area. */
export const TEXT_LENGTH = 5;
/**
 * Int32 word: who runs the latest call: 0 not yet claimed, {@link CLAIMED_BY_WORKER} or {@link CLAIMED_BY_CALLER}
 * (the calling thread takes a share its worker has not started, so a busy machine never waits for a sleeping one).
 */
export const CLAIM = 6;
/** Int32 word: rows per chunk of a chunked call, 0 for a call whose arguments end with its own row range. */
export const CHUNK_ROWS = 7;
/** Int32 word: the rows of a chunked call (chunk c covers [c·CHUNK_ROWS, min(ROWS, (c + 1)·CHUNK_ROWS))). */
export const ROWS = 8;
/** `CLAIM` value: the worker runs the call. */
export const CLAIMED_BY_WORKER = 1;
/** `CLAIM` value: the calling thread runs the call itself. */
export const CLAIMED_BY_CALLER = 2;
/** `SEQ` value that stops the worker's loop. */
export const STOP = -1;
/** Byte offset of the float64 argument area in a slot. */
export const ARGS_OFFSET = 64;
/** The most arguments one call may pass (including the row range). */
export const MAX_ARGS = 24;
/** Byte offset of the error message area in a slot. */
export const TEXT_OFFSET = ARGS_OFFSET + 8 * MAX_ARGS;
/** Bytes of the error message area (messages are cut to fit). */
export const TEXT_BYTES = SLOT_BYTES - TEXT_OFFSET;
/**
 * How many times a thread polls a word before it sleeps on it with `Atomics.wait` (some tens of microseconds): a
 * worker between two calls and a caller waiting for a worker's share usually see the change within that time, and
 * waking from a sleep costs more (a kernel call of a training step lasts a few hundred microseconds).
 */
export const SPIN_POLLS = 20_000;
