#!/usr/bin/env node
// The `gen` command line. Run `pnpm build` first (the repository's `pnpm gen` script does).
import { quietTfjsNodeBanner } from '../dist/cli/quiet-tfjs-banner.js';
import { runCli } from '../dist/node.js';

quietTfjsNodeBanner();

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
  errIsTerminal: process.stderr.isTTY === true,
});
