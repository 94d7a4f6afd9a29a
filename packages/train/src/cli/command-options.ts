import { SAMPLER_NAMES, SAMPLERS } from '@gen/sde';
import { MODEL_KINDS, UNET_DEFAULTS } from '../models/index.js';
import { OBJECTIVE_NAMES, type ObjectiveName } from '../objectives/index.js';
import {
  choiceOption,
  integerOption,
  type OptionSpec,
  type OptionValues,
  pathOption,
  realOption,
  resolutionsOption,
  switchOption,
  textOption,
  widthsOption,
} from './option-types.js';
import {
  batchCost,
  evalPointsCost,
  gridCost,
  MAX_BATCH,
  MAX_EVAL_POINTS,
  MAX_GRID,
  MAX_POINTS,
  pointsCost,
} from './sizes.js';

const backend = choiceOption(
  '--backend',
  'tfjs backend (auto: cuda when @gen/backend-cuda finds a GPU, else wasm)',
  ['auto', 'cuda', 'wasm', 'cpu'],
  'auto',
);
const model = pathOption(
  '--model',
  'folder|file.safetensors',
  'a folder written by `gen train`, or a .safetensors model file (gen export, saveModel, python/gen_torch.py)',
  'runs/moons',
);

/** How a model is sampled: a run folder records it; a `.safetensors` file does not, so it is a flow by default. */
const samplingObjective: OptionSpec<ObjectiveName | undefined> = {
  ...choiceOption(
    '--objective',
    'objective the model was trained with (for a .safetensors model)',
    OBJECTIVE_NAMES,
    'cfm',
  ),
  default: undefined,
  defaultText: "the run's; cfm (a flow, sampled from t = 1 to 0) for a .safetensors file",
};

/** An option that is left unset unless given, so that the library's default applies (`defaultText` says which). */
function unsetByDefault<T>(spec: OptionSpec<T>, defaultText = spec.defaultText): OptionSpec<T | undefined> {
  return { ...spec, default: undefined, defaultText };
}

/** How many points or images `gen sample`, `gen eval` and `gen plot` draw by default (`-n`). */
export const DEFAULT_COUNTS = {
  sample: { points: 10_000, images: 64 },
  eval: { points: 2000, images: 100 },
  plot: { points: 2000, images: 64 },
} as const;

/** The default `--batch` of `gen train`, for points and for images. */
export const DEFAULT_BATCH = { points: 256, images: 64 } as const;

/** The steps each fixed-step sampler takes by default, as help shows them. */
const DEFAULT_STEPS_TEXT = `the method's (${Object.values(SAMPLERS)
  .filter((row) => !row.adaptive)
  .map((row) => `${row.name} ${row.defaults.steps}`)
  .join(', ')})`;

/** Options of every command that solves the flow's ODE with an adaptive method. */
const SOLVER_OPTIONS = {
  rtol: realOption('--rtol', 'relative tolerance of adaptive solves', 1e-5, { above: 0 }),
  atol: realOption('--atol', 'absolute tolerance of adaptive solves', 1e-5, { above: 0 }),
  maxSteps: integerOption('--max-steps', 'step budget of each adaptive solve (accepted + rejected)', 10_000, {
    min: 1,
  }),
};

/**
 * The U-Net architecture options of `gen train`, each unset unless given (then `unetVectorField` fills in
 * `UNET_DEFAULTS`, the values help shows). Only the syntax is checked here; `resolveUnetConfig` checks the values
 * (evenness, divisibility, range) and `chooseModel` names the flag of any value it refuses.
 */
const UNET_OPTIONS = {
  baseChannels: unsetByDefault(
    integerOption(
      '--base-channels',
      'channels of the U-Net’s first level (even, divisible by --groups)',
      UNET_DEFAULTS.baseChannels,
      { min: 2, max: 512 },
    ),
  ),
  channelMultipliers: unsetByDefault(
    widthsOption('--channel-multipliers', 'channel multiplier of each U-Net level', UNET_DEFAULTS.channelMultipliers),
  ),
  resBlocks: unsetByDefault(
    integerOption('--res-blocks', 'residual blocks per U-Net level', UNET_DEFAULTS.resBlocks, { min: 1, max: 8 }),
  ),
  attentionResolutions: unsetByDefault(
    resolutionsOption(
      '--attention-resolutions',
      'feature-map heights whose res blocks get self-attention (the middle block always has it)',
      UNET_DEFAULTS.attentionResolutions,
    ),
  ),
  attentionHeads: unsetByDefault(
    integerOption(
      '--attention-heads',
      'attention heads (dividing the channels of every attention layer)',
      UNET_DEFAULTS.attentionHeads,
      { min: 1 },
    ),
  ),
  dropout: unsetByDefault(
    realOption(
      '--dropout',
      'dropout probability in the res blocks while training, in [0, 1)',
      UNET_DEFAULTS.dropout,
      {},
    ),
  ),
  groups: unsetByDefault(
    integerOption('--groups', 'GroupNorm groups (dividing every level’s channels)', UNET_DEFAULTS.groups, { min: 1 }),
  ),
};

/**
 * The options of `gen train`, with the defaults of `gen train` or of the demo (`gen` without a command).
 *
 * @param defaults - The training length, learning rate and output folder's default as help shows it.
 * @returns The option table.
 * @example
 * ```ts
 * const table = trainOptions({ steps: 5000, lr: 1e-3, out: 'runs/<data>' });
 * ```
 */
export function trainOptions(defaults: { steps: number; lr: number; out: string }) {
  return {
    data: pathOption(
      '--data',
      'name|file|folder',
      'points: a toy set (moons, circles, 8gaussians, checkerboard, pinwheel, swissroll, 2spirals, rings) or a ' +
        '.csv/.npy [N, D] file; images: mnist, fashion-mnist, an images .npy [N, H, W, C] or a folder of PNGs',
      'moons',
    ),
    labels: textOption(
      '--labels',
      'file.npy',
      'class labels of an images .npy: [N] whole numbers 0…K−1, one per image (uint8, int32, int64 or float); ' +
        'K = the largest label + 1',
      'none; mnist, fashion-mnist and PNG folders bring their own',
    ),
    model: unsetByDefault(
      choiceOption('--model', 'the vector field: an MLP (points) or a U-Net (images)', MODEL_KINDS, 'mlp'),
      'mlp for point data, unet for images',
    ),
    objective: choiceOption('--objective', 'training objective', OBJECTIVE_NAMES, 'ot-cfm'),
    steps: integerOption('--steps', 'training updates in all (a resumed run counts those done)', defaults.steps, {
      min: 0,
    }),
    batch: unsetByDefault(
      integerOption('--batch', 'batch size', 256, { min: 1, max: MAX_BATCH, tooLarge: batchCost }),
      `${DEFAULT_BATCH.points} for points, ${DEFAULT_BATCH.images} for images`,
    ),
    lr: realOption('--lr', 'peak learning rate (Adam)', defaults.lr, { above: 0 }),
    hidden: widthsOption('--hidden', 'hidden layer widths of the MLP', [256, 256, 256]),
    ...UNET_OPTIONS,
    classes: choiceOption(
      '--classes',
      'class-conditional training (auto: on for labelled images with --model unet)',
      ['auto', 'on', 'off'],
      'auto',
    ),
    labelDropout: unsetByDefault(
      realOption('--label-dropout', 'probability that a training label becomes “no class” (for guidance)', 0.1, {
        atLeast: 0,
        below: 1,
      }),
      '0.1 for a class-conditional model',
    ),
    initFrom: textOption(
      '--init-from',
      'file.safetensors',
      'fine-tune: start from this model file’s weights; its architecture replaces --hidden and the U-Net options',
      'none (fresh weights from --seed)',
    ),
    ema: realOption('--ema', 'decay of the weights’ moving average that is saved (0 turns it off)', 0.999, {
      atLeast: 0,
      below: 1,
    }),
    seed: integerOption('--seed', 'seed of the initial weights, batches and noise', 0, { min: 0 }),
    out: textOption('--out', 'folder', 'where the model, run.json and checkpoints go', defaults.out),
    checkpointEvery: integerOption('--checkpoint-every', 'write a checkpoint every N updates and at the end', 500, {
      min: 1,
    }),
    resume: switchOption('--resume', 'continue the run in --out from its latest checkpoint (new run if none)'),
    force: switchOption('--force', 'replace the run in --out (the old one stays until the new one finishes)'),
    backend,
  };
}

/** The options of `gen train`. */
export const TRAIN_OPTIONS = trainOptions({ steps: 5000, lr: 1e-3, out: 'runs/<data>' });

/** The training length of the demo: about a minute of ot-cfm on moons with wasm on a 2-core machine. */
export const DEMO_STEPS = 1000;

/**
 * The demo's learning rate: in its 1 000 updates, 3e-3 draws two crisp moons where `gen train`'s default 1e-3 (tuned
 * for longer runs) still leaves a haze between them.
 */
export const DEMO_LR = 3e-3;

/** The options of the demo (`gen` without a command): `gen train`'s, with a shorter run into runs/<data>. */
export const DEMO_OPTIONS = trainOptions({ steps: DEMO_STEPS, lr: DEMO_LR, out: 'runs/<data>' });

/** The options of `gen sample`. */
export const SAMPLE_OPTIONS = {
  model,
  objective: samplingObjective,
  n: unsetByDefault(
    integerOption('-n', 'number of samples', 10_000, { min: 1, max: MAX_POINTS, tooLarge: pointsCost }),
    `${DEFAULT_COUNTS.sample.points} points, ${DEFAULT_COUNTS.sample.images} images`,
  ),
  class: unsetByDefault(
    integerOption('--class', 'draw every sample of this class (class-conditional models)', 0, { min: 0 }),
    'every class (one grid row each)',
  ),
  guidance: unsetByDefault(
    realOption('--guidance', 'classifier-free guidance weight w (class-conditional models)', 0, { atLeast: 0 }),
  ),
  method: choiceOption(
    '--method',
    'sampler: an ODE method, or (dsm models) reverse-sde, pc, ddim, dpm-solver++',
    SAMPLER_NAMES,
    'dopri5',
  ),
  steps: unsetByDefault(
    integerOption('--steps', 'sampler steps of a fixed-step method (euler, rk4, ddim, …)', 20, {
      min: 1,
      max: 1_000_000,
    }),
    DEFAULT_STEPS_TEXT,
  ),
  rtol: unsetByDefault(SOLVER_OPTIONS.rtol),
  atol: unsetByDefault(SOLVER_OPTIONS.atol),
  maxSteps: unsetByDefault(SOLVER_OPTIONS.maxSteps),
  seed: integerOption('--seed', 'seed of the N(0, I) noise', 0, { min: 0 }),
  out: textOption(
    '--out',
    'file.csv|file.npy|file.png',
    'where the samples go (.npy writes NumPy format: images as [n, H, W, C] in [0, 1]; .png a grid of images)',
    '<model>/samples.csv (samples.png for images)',
  ),
  backend,
};

/** The options of `gen eval`. */
export const EVAL_OPTIONS = {
  model,
  objective: samplingObjective,
  data: textOption('--data', 'name|file', 'data set to score against', "the run's data set (needed for a model file)"),
  n: unsetByDefault(
    integerOption('-n', 'held-out points (images), and model samples', 2000, {
      min: 2,
      max: MAX_EVAL_POINTS,
      tooLarge: evalPointsCost,
    }),
    `${DEFAULT_COUNTS.eval.points} points, ${DEFAULT_COUNTS.eval.images} images`,
  ),
  ...SOLVER_OPTIONS,
  seed: integerOption('--seed', 'seed of the samples (held-out data use seed + 1000003)', 0, { min: 0 }),
  backend,
};

/** The options of `gen plot`. */
export const PLOT_OPTIONS = {
  model,
  objective: samplingObjective,
  data: textOption(
    '--data',
    'name|file',
    'data set drawn under the samples',
    "the run's data set (needed for a model file)",
  ),
  n: unsetByDefault(
    integerOption('-n', 'points (images) drawn of the data and of the model', 2000, {
      min: 1,
      max: MAX_POINTS,
      tooLarge: pointsCost,
    }),
    `${DEFAULT_COUNTS.plot.points} points, ${DEFAULT_COUNTS.plot.images} images`,
  ),
  grid: integerOption('--grid', 'cells per side of the density picture', 64, {
    min: 1,
    max: MAX_GRID,
    tooLarge: gridCost,
  }),
  ...SOLVER_OPTIONS,
  seed: integerOption('--seed', 'seed of the samples and trajectories', 0, { min: 0 }),
  backend,
};

/** The options of `gen export`. */
export const EXPORT_OPTIONS = {
  model,
  out: textOption(
    '--out',
    'file.safetensors',
    'where the model goes (PyTorch loads it with python/gen_torch.py)',
    '<model>/model.safetensors',
  ),
  backend,
};

/** Typed options of `gen train` (and of the demo). */
export type TrainFlags = OptionValues<typeof TRAIN_OPTIONS>;
/** Typed options of `gen sample`. */
export type SampleFlags = OptionValues<typeof SAMPLE_OPTIONS>;
/** Typed options of `gen export`. */
export type ExportFlags = OptionValues<typeof EXPORT_OPTIONS>;
/** Typed options of `gen eval`. */
export type EvalFlags = OptionValues<typeof EVAL_OPTIONS>;
/** Typed options of `gen plot`. */
export type PlotFlags = OptionValues<typeof PLOT_OPTIONS>;
/** The solver options that eval and plot share with sample. */
export type SolverFlags = OptionValues<typeof SOLVER_OPTIONS>;
