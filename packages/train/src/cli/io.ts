/** Where the CLI writes: lines for results, and a progress channel. */
export interface CliIo {
  /** Prints a line of results (stdout). */
  out(line: string): void;
  /** Prints diagnostics and progress (stderr); on a terminal `\r` rewrites the current line. */
  err(text: string): void;
  /**
   * Whether `err` goes to a terminal (default false): progress then redraws one line with `\r`; otherwise it
   * prints a plain line every 10% of the work or every 5 seconds, so logs stay readable.
   */
  errIsTerminal?: boolean;
}
