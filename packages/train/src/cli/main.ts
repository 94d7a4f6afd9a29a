import { GenError, NumericalError } from '@gen/core';
import { OBJECTIVE_NAMES, OBJECTIVES } from '../objectives/index.js';
import { parseOptions, splitCommand } from './args.js';
import {
  DEMO_OPTIONS,
  EVAL_OPTIONS,
  EXPORT_OPTIONS,
  PLOT_OPTIONS,
  SAMPLE_OPTIONS,
  TRAIN_OPTIONS,
} from './command-options.js';
import { evalCommand } from './eval-command.js';
import { exportCommand } from './export-command.js';
import { type CommandHelp, commandHelp, overviewHelp } from './help.js';
import type { CliIo } from './io.js';
import { clip, defaultValues } from './option-types.js';
import { plotCommand } from './plot-command.js';
import { sampleCommand } from './sample-command.js';
import { trainCommand } from './train-command.js';

const HELP = {
  demo: {
    usage: 'gen',
    brief: 'the demo: train on moons (~1 min), sample, evaluate, plot; takes gen train’s options',
    summary:
      'The demo: trains a flow (gen train with these options, 1000 updates), then samples, evaluates and plots it\n' +
      'with the defaults of gen sample, gen eval and gen plot (on the same --backend). A run already in --out\n' +
      'with the same settings is continued (a finished one is reused, as with --resume); --force starts over.',
    options: DEMO_OPTIONS,
  },
  train: {
    usage: 'gen train',
    brief: 'train a flow or diffusion model into a folder (checkpointed, resumable)',
    summary:
      'Trains a flow or diffusion model and saves it with run.json into --out: an MLP on points, a U-Net on images\n' +
      '(mnist, fashion-mnist, an images .npy or a PNG folder; class-conditional on labelled images, with\n' +
      '--label-dropout for guidance; --classes off trains without labels). Checkpoints let a killed run\n' +
      'continue with --resume to the same weights. A folder that holds a run needs --resume or --force. The folder\n' +
      'is locked while gen train runs (.gen-lock; the lock of a process that no longer runs is taken over).\n' +
      '--init-from file.safetensors fine-tunes a model file (its architecture replaces --hidden).\n' +
      `Objectives:\n${OBJECTIVE_NAMES.map((name) => `  ${name.padEnd(16)}${OBJECTIVES[name].description}`).join('\n')}`,
    options: TRAIN_OPTIONS,
  },
  sample: {
    usage: 'gen sample',
    brief: 'draw samples from a trained model into a .csv, .npy or .png (images) file',
    summary:
      'Draws samples from a trained model into a .csv or .npy file with any sampler of the table: the ODE methods,\n' +
      'and for dsm models reverse-sde, pc, ddim and dpm-solver++. Fixed-step samplers take --steps; adaptive ones\n' +
      '(dopri5, …) take --rtol, --atol and --max-steps. --model may be a .safetensors file (sampled as a flow\n' +
      'from t = 1 to 0 unless --objective says otherwise). Image models write .npy [n, H, W, C] in [0, 1] or a\n' +
      '.png grid; a class-conditional one draws --class (else one grid row per class) with --guidance w.',
    options: SAMPLE_OPTIONS,
  },
  eval: {
    usage: 'gen eval',
    brief: 'score a trained model: NLL, MMD², energy distance, sliced W2; bits/dim and classifier scores of images',
    summary:
      'Scores a trained model on fresh data: NLL (nats, bits/dim), MMD², energy distance, sliced W2; writes\n' +
      '<model>/eval.json (<stem>.eval.json next to a <stem>.safetensors model, which needs --data). Image models:\n' +
      'bits/dim of -n held-out images, and for 28×28×1 images the MNIST classifier’s Fréchet distance of -n\n' +
      'samples and (class-conditional flows) its accuracy on their classes.',
    options: EVAL_OPTIONS,
  },
  plot: {
    usage: 'gen plot',
    brief: 'draw samples, trajectories and density pictures of a 2-D model; a sample grid of an image model',
    summary:
      'Draws samples.png, trajectories.png and density.png of a trained 2-D model into its folder\n' +
      '(<stem>.samples.png, … next to a <stem>.safetensors model, which needs --data). An image model gets\n' +
      'samples.png (a grid; one row per class) and trajectories.png (frames from noise to image).',
    options: PLOT_OPTIONS,
  },
  export: {
    usage: 'gen export',
    brief: 'write a trained model as a .safetensors file (for PyTorch or loadModel)',
    summary:
      'Writes the model of a gen train folder as a .safetensors file: loadModel reads it in gen (Node or browser),\n' +
      'python/gen_torch.py load_safetensors in PyTorch.',
    options: EXPORT_OPTIONS,
  },
} satisfies Record<string, CommandHelp>;

/** Longest error line the CLI prints. */
const ERROR_LINE_LIMIT = 600;

/**
 * Runs the `gen` command line in-process and returns its exit code.
 *
 * @remarks
 * Each command's options are parsed once, against its option table, into a typed object; `gen <command> --help`
 * prints that table. Exit codes: 0 on success; 2 for bad input — any `GenError` except `NumericalError`
 * (`InvalidArgumentError` and `ShapeError` for options, paths, files and sizes, `BackendUnavailableError` for a
 * `--backend` that cannot run here) — with one line on stderr naming the option; 1 for a `NumericalError` (a solve
 * out of steps, a non-finite loss) or an unexpected error, also one line (set `GEN_DEBUG=1` for the stack).
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
    const { command, rest, help } = splitCommand(argv);
    if (command === 'help' || (command === undefined && help)) {
      io.out(overviewHelp([HELP.demo, HELP.train, HELP.sample, HELP.eval, HELP.plot, HELP.export]));
      return 0;
    }
    if (command !== undefined && !Object.hasOwn(HELP, command)) {
      io.err(
        `gen: unknown command "${clip(command)}". Commands: train, sample, eval, plot, export (or none for the demo).\n`,
      );
      return 2;
    }
    const name = (command ?? 'demo') as keyof typeof HELP;
    if (help) {
      io.out(commandHelp(HELP[name]));
      return 0;
    }
    const usage = HELP[name].usage;
    switch (name) {
      case 'train': {
        const { values, given } = parseOptions(TRAIN_OPTIONS, rest, usage);
        await trainCommand(values, io, given);
        return 0;
      }
      case 'sample': {
        const { values, given } = parseOptions(SAMPLE_OPTIONS, rest, usage);
        await sampleCommand(values, given, io);
        return 0;
      }
      case 'eval':
        await evalCommand(parseOptions(EVAL_OPTIONS, rest, usage).values, io);
        return 0;
      case 'plot':
        await plotCommand(parseOptions(PLOT_OPTIONS, rest, usage).values, io);
        return 0;
      case 'export':
        await exportCommand(parseOptions(EXPORT_OPTIONS, rest, usage).values, io);
        return 0;
      default: {
        const { values: flags, given } = parseOptions(DEMO_OPTIONS, rest, usage);
        const out = await trainCommand({ ...flags, resume: flags.resume || !flags.force }, io, given);
        const model = { model: out, backend: flags.backend };
        await sampleCommand({ ...defaultValues(SAMPLE_OPTIONS), ...model }, new Set(), io);
        await evalCommand({ ...defaultValues(EVAL_OPTIONS), ...model }, io);
        const pictures = await plotCommand({ ...defaultValues(PLOT_OPTIONS), ...model }, io);
        io.out(`demo done: model, samples and eval.json in ${out}; pictures: ${pictures.join(', ')}`);
        return 0;
      }
    }
  } catch (error) {
    const { code, line } = describeFailure(error);
    io.err(`gen: ${line}\n`);
    return code;
  }
}

/** The exit code and the one error line for a failure. */
function describeFailure(error: unknown): { code: number; line: string } {
  const oneLine = (text: string) => {
    const flat = text.replace(/\s*\n\s*/g, ' ');
    return flat.length <= ERROR_LINE_LIMIT ? flat : `${flat.slice(0, ERROR_LINE_LIMIT)}…`;
  };
  const message = error instanceof Error ? error.message : String(error);
  if (GenError.isInstance(error)) return { code: NumericalError.isInstance(error) ? 1 : 2, line: oneLine(message) };
  const debug = typeof process !== 'undefined' && process.env?.GEN_DEBUG === '1';
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  const name = error instanceof Error ? error.name : 'Error';
  return { code: 1, line: `${oneLine(`unexpected ${name}: ${message}`)} (set GEN_DEBUG=1 for the stack)${stack}` };
}
