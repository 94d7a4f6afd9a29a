/** Where the CLI writes: lines for results, and a progress channel that may rewrite its line. */
export interface CliIo {
  /** Prints a line of results (stdout). */
  out(line: string): void;
  /** Prints diagnostics and progress (stderr); `\r` rewrites the current line. */
  err(text: string): void;
}
