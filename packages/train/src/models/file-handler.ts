import * as tf from '@tensorflow/tfjs';

/** The file that holds the model description, inside the model directory. */
const MODEL_FILE = 'model.json';
/** The file that holds the weights, next to {@link MODEL_FILE}. */
const WEIGHTS_FILE = 'weights.bin';

/** The part of `node:fs/promises` this handler uses (typed here so the package builds without Node's types). */
interface NodeFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

/** The part of `node:path` this handler uses. */
interface NodePath {
  join(...parts: string[]): string;
  dirname(path: string): string;
}

let temporaryCounter = 0;

/**
 * A `tf.io` handler that saves to and loads from a directory on the local file system (Node only), the
 * `file://` scheme of {@link saveMlpVectorField} and {@link loadMlpVectorField}.
 *
 * @remarks
 * The layout is the one tfjs-node writes: `model.json` (topology, format, `userDefinedMetadata`, and a
 * `weightsManifest` naming the weight file) and `weights.bin` (the raw little-endian weight data in manifest
 * order). Each file is written to a temporary file in the same directory and renamed over its target, so a file is
 * never seen half-written; `weights.bin` is renamed before `model.json`. The directory is created if missing.
 * `node:fs/promises` and `node:path` are imported when `save` or `load` runs, so this module still loads in a
 * browser (where calling them fails).
 *
 * @param path - The model directory, or the path of its `model.json` (a path ending in `.json`).
 * @returns An `IOHandler` with `save` and `load`.
 * @throws From `save`/`load`: Node's file-system errors (e.g. `ENOENT` when loading a missing model).
 * @example
 * ```ts
 * await saveMlpVectorField(model, fileSystemHandler('/tmp/flow')); // same as 'file:///tmp/flow'
 * ```
 */
export function fileSystemHandler(path: string): tf.io.IOHandler {
  const files = async () => {
    const { fs, nodePath } = await nodeModules();
    const modelFile = path.endsWith('.json') ? path : nodePath.join(path, MODEL_FILE);
    return { fs, nodePath, modelFile, directory: nodePath.dirname(modelFile) };
  };
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const { fs, nodePath, modelFile, directory } = await files();
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.format === undefined ? {} : { format: artifacts.format }),
        ...(artifacts.generatedBy === undefined ? {} : { generatedBy: artifacts.generatedBy }),
        ...(artifacts.convertedBy === undefined ? {} : { convertedBy: artifacts.convertedBy }),
        ...(artifacts.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: artifacts.userDefinedMetadata }),
      };
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
      await fs.mkdir(directory, { recursive: true });
      await writeAtomically(fs, nodePath.join(directory, WEIGHTS_FILE), weights);
      await writeAtomically(fs, modelFile, `${JSON.stringify(modelJson, null, 2)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const { fs, nodePath, modelFile, directory } = await files();
      const modelJson = JSON.parse(new TextDecoder().decode(await fs.readFile(modelFile))) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const file of group.paths)
            buffers.push(Uint8Array.from(await fs.readFile(nodePath.join(directory, file))).buffer);
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Writes `data` to a temporary sibling of `target`, then renames it over `target`; removes the temporary on failure. */
async function writeAtomically(fs: NodeFs, target: string, data: Uint8Array | string): Promise<void> {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  temporaryCounter += 1;
  const temporary = `${target}.${pid}-${temporaryCounter}.tmp`;
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Imports Node's file-system and path modules by names that bundlers leave alone. */
async function nodeModules(): Promise<{ fs: NodeFs; nodePath: NodePath }> {
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, nodePath] = await Promise.all([import(/* @vite-ignore */ fsName), import(/* @vite-ignore */ pathName)]);
  return { fs: fs as NodeFs, nodePath: nodePath as NodePath };
}
