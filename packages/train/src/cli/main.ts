import { GenError } from '@gen/core';
import { parseArgs } from './args.js';
import { evalCommand } from './eval-command.js';
import type { CliIo } from './io.js';
import { plotCommand } from './plot-command.js';
import { sampleCommand } from './sample-command.js';
import { trainCommand } from './train-command.js';

const HELP = `gen — train, sample and evaluate flow and diffusion models

  gen                                   the demo: train a flow on moons (~1 min), sample, evaluate, plot
  gen train  --data moons --objective ot-cfm --steps 5000 --out runs/moons
             [--batch 256 --lr 1e-3 --hidden 256,256,256 --ema 0.999 --seed 0 --checkpoint-every N --backend auto]
  gen sample --model runs/moons -n 10000 --method dopri5 [--steps 20 --seed 0 --out samples.csv|.npy]
  gen eval   --model runs/moons --data moons [-n 2000]
  gen plot   --model runs/moons [--data moons -n 2000 --grid 64]

Data: moons, circles, 8gaussians, checkerboard, pinwheel, swissroll, 2spirals, rings, or a .csv / .npy file.
Objectives: ot-cfm, cfm, sb-cfm, rectified-flow, likelihood, dsm (VP-SDE denoising score matching).
Backends (--backend): auto (cuda when @gen/backend-cuda finds a GPU, else wasm), cuda, wasm, cpu.`;

/** The demo's training length: about a minute of ot-cfm on moons with wasm on a 2-core machine. */
const DEMO_STEPS = '1000';

/**
 * The demo's learning rate: in its 1 000 updates, 3e-3 draws two crisp moons where `gen train`'s default 1e-3 (tuned
 * for longer runs) still leaves a haze between them.
 */
const DEMO_LR = '3e-3';

/**
 * Runs the `gen` command line in-process and returns its exit code: 0 on success, 2 for bad arguments (a clear
 * message names the flag), 1 for any other failure.
 *
 * @param argv - The arguments after the program name.
 * @param io - Output channels (stdout for results, stderr for progress and errors).
 * @returns The exit code.
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { out: console.log, err: (s) => process.stderr.write(s) });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { command, flags } = parseArgs(argv);
    if (flags.help !== undefined || flags.h !== undefined || command === 'help') {
      io.out(HELP);
      return 0;
    }
    switch (command) {
      case undefined: {
        const out = await trainCommand(
          { data: 'moons', objective: 'ot-cfm', steps: DEMO_STEPS, lr: DEMO_LR, out: 'runs/moons', ...flags },
          io,
        );
        const model = { ...flags, model: out };
        await sampleCommand(model, io);
        await evalCommand(model, io);
        const pictures = await plotCommand(model, io);
        io.out(`demo done: model, samples and eval.json in ${out}; pictures: ${pictures.join(', ')}`);
        return 0;
      }
      case 'train':
        await trainCommand(flags, io);
        return 0;
      case 'sample':
        await sampleCommand(flags, io);
        return 0;
      case 'eval':
        await evalCommand(flags, io);
        return 0;
      case 'plot':
        await plotCommand(flags, io);
        return 0;
      default:
        io.err(`gen: unknown command "${command}". Commands: train, sample, eval, plot (or none for the demo).\n`);
        return 2;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`\ngen: ${message}\n`);
    return GenError.isInstance(error) && error.name !== 'NumericalError' ? 2 : 1;
  }
}
