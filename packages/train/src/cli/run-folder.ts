import { InvalidArgumentError } from '@gen/core';
import { clip } from './option-types.js';
import { createFolder } from './paths.js';
import { lockRunFolder } from './run-lock.js';

/** The settings of a training run that decide its result; `--resume` must repeat them. */
export interface RunSettings {
  /** `--data`. */
  data: string;
  /** `--labels`, when given. */
  labels?: string;
  /** `--objective`. */
  objective: string;
  /** `--batch`. */
  batch: number;
  /** `--lr`. */
  lr: number;
  /** `--hidden` (MLP runs). */
  hidden?: number[];
  /** `unet` for a U-Net run (absent for an MLP run, as before images were supported). */
  model?: 'unet';
  /** The U-Net's architecture (image shape, channels, levels, classes) of a U-Net run. */
  unet?: Readonly<Record<string, unknown>>;
  /** `--label-dropout` of a class-conditional run. */
  labelDropout?: number;
  /** `--ema`. */
  ema: number;
  /** `--seed`. */
  seed: number;
  /** `--init-from`, when given. */
  initFrom?: string;
  /** The SHA-256 of the `--init-from` file, when given. */
  initSha256?: string;
}

/** What `gen train` writes into its folder, besides the lock. */
const RUN_ENTRIES = ['train.json', 'checkpoints', 'model', 'run.json'] as const;
/** Where a `--force` run works until it finishes and replaces the old run. */
const FORCE_STAGING = '.gen-force';

/** A locked run folder of `gen train`. */
export interface RunFolder {
  /** The folder the user named (`--out`). */
  readonly out: string;
  /** Where this run writes: `out`, or a staging folder inside it for `--force`. */
  readonly work: string;
  /** The checkpoint folder to resume from (with `--resume` and a checkpoint), else undefined. */
  readonly resumeFrom: string | undefined;
  /** Moves a `--force` run's results over the old run (nothing to do otherwise). */
  finish(): Promise<void>;
  /** Releases the lock. */
  release(): Promise<void>;
}

/**
 * Opens the `--out` folder of `gen train` before any training: creates it (checking every level), locks it, and
 * decides what to do with a run already there.
 *
 * @remarks
 * A folder holding a run (train.json, checkpoints/, model/ or run.json) is refused unless `--resume` (continue from
 * `checkpoints/latest`, with the same result-deciding settings as recorded in train.json) or `--force` (start over
 * in `<out>/.gen-force`; the old run is replaced only when the new one finishes, so a failed or killed `--force`
 * run loses nothing; the next `--force` starts over again). `--resume` on a folder without a run starts a new one.
 * The settings are written to `<work>/train.json` before the first update.
 *
 * @param out - The folder.
 * @param mode - The `--resume` and `--force` switches.
 * @param settings - This run's result-deciding settings.
 * @returns The locked folder (release it in a `finally`).
 * @throws `InvalidArgumentError` naming `--out` (a file, an uncreatable or unwritable place, a run there, a lock
 *   held by a live process), `--resume` (no checkpoint to continue, or other settings) or `--force`.
 * @example
 * ```ts
 * const folder = await openRunFolder('runs/moons', { resume: false, force: false }, settings);
 * ```
 */
export async function openRunFolder(
  out: string,
  mode: { resume: boolean; force: boolean },
  settings: RunSettings,
): Promise<RunFolder> {
  const { rename, rm, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  if (mode.resume && mode.force) {
    throw new InvalidArgumentError('--force', 'not together with --resume', 'both', 'Pick one.');
  }
  await createFolder(out, '--out');
  const release = await lockRunFolder(out);
  try {
    const present = await Promise.all(RUN_ENTRIES.map((name) => exists(join(out, name))));
    const hasRun = present.some(Boolean);
    let work = out;
    let resumeFrom: string | undefined;
    if (hasRun && mode.resume) {
      resumeFrom = join(out, 'checkpoints');
      if (!(await exists(join(resumeFrom, 'latest')))) {
        throw new InvalidArgumentError(
          '--resume',
          'a run folder with a checkpoint (checkpoints/latest)',
          clip(out),
          'Its run has no checkpoint to continue; use --force to replace it.',
        );
      }
      await checkSameSettings(out, settings);
    } else if (hasRun && mode.force) {
      work = join(out, FORCE_STAGING);
      await rm(work, { recursive: true, force: true });
      await createFolder(work, '--out');
    } else if (hasRun) {
      throw new InvalidArgumentError(
        '--out',
        'a folder without a run',
        clip(out),
        'It holds a run: pass --resume to continue it from its latest checkpoint, or --force to replace it.',
      );
    }
    await writeFile(join(work, 'train.json'), `${JSON.stringify(settings, null, 1)}\n`);
    return {
      out,
      work,
      resumeFrom,
      async finish() {
        if (work === out) return;
        for (const name of RUN_ENTRIES) {
          await rm(join(out, name), { recursive: true, force: true });
          if (await exists(join(work, name))) await rename(join(work, name), join(out, name));
        }
        await rm(work, { recursive: true, force: true });
      },
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Refuses `--resume` with settings other than those the run in `out` was started with. */
async function checkSameSettings(out: string, settings: RunSettings): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const text = await readFile(join(out, 'train.json'), 'utf8').catch(() => undefined);
  let recorded: Record<string, unknown> | undefined;
  try {
    recorded = text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    recorded = undefined;
  }
  if (recorded === undefined || typeof recorded !== 'object' || recorded === null) {
    throw new InvalidArgumentError('--resume', 'a run folder with a readable train.json', clip(out));
  }
  // Both ways: a run started with --init-from is not resumed without it, nor the other way round. The U-Net's
  // architecture is compared field by field, so the message names its flags (`--res-blocks`, `--groups`, …).
  const [was, now] = [
    flattenUnet(withEarlierUnetDefaults(recorded)),
    flattenUnet(settings as unknown as Record<string, unknown>),
  ];
  const keys = [...new Set([...Object.keys(now), ...Object.keys(was)])];
  const differing = keys.filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]));
  if (differing.length > 0) {
    const text = (value: unknown) => clip(typeof value === 'object' ? JSON.stringify(value) : String(value));
    const list = (values: Record<string, unknown>) =>
      differing.map((key) => `--${kebab(key)} ${text(values[key])}`).join(', ');
    throw new InvalidArgumentError(
      '--resume',
      `the settings the run was started with (${list(was)})`,
      list(now),
      'Resume with the same flags (only --steps, --checkpoint-every and --backend may change; the same --init-from file).',
    );
  }
}

/**
 * The U-Net architecture a `gen train` run recorded before train.json held the whole of it (such a train.json lists
 * only the U-Net flags that were given; the others had these values, the defaults of that time).
 */
const EARLIER_UNET_DEFAULTS: Readonly<Record<string, unknown>> = {
  baseChannels: 32,
  channelMultipliers: [1, 2, 2],
  resBlocks: 1,
  attentionResolutions: [7],
  attentionHeads: 1,
  dropout: 0,
  groups: 8,
};

/** Recorded settings with a U-Net record of the earlier, partial kind completed by {@link EARLIER_UNET_DEFAULTS}. */
function withEarlierUnetDefaults(recorded: Record<string, unknown>): Record<string, unknown> {
  const unet = recorded.unet;
  if (typeof unet !== 'object' || unet === null) return recorded;
  const partial = Object.keys(EARLIER_UNET_DEFAULTS).some((key) => !(key in unet));
  return partial ? { ...recorded, unet: { ...EARLIER_UNET_DEFAULTS, ...unet } } : recorded;
}

/** Settings with the fields of a `unet` object lifted to the top level (a U-Net run's architecture, flag by flag). */
function flattenUnet(settings: Record<string, unknown>): Record<string, unknown> {
  const { unet, ...rest } = settings;
  return typeof unet === 'object' && unet !== null ? { ...rest, ...unet } : { ...settings };
}

/** A settings key as its flag is spelled: `initFrom` → `init-from`. */
function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
