import * as tf from '@tensorflow/tfjs';
import {
  createFolder,
  invalidFile,
  type NodeFs,
  type NodePath,
  nodeModules,
  readInputFile,
  unreadable,
} from '../io/files.js';

/** The file that holds the model description, inside the model directory. */
const MODEL_FILE = 'model.json';
/** The file that holds the weights, next to {@link MODEL_FILE}. */
const WEIGHTS_FILE = 'weights.bin';
/** The largest `model.json` read, in bytes (a saved MlpVectorField's is a few kilobytes). */
const MAX_MODEL_JSON_BYTES = 16 * 2 ** 20;

let temporaryCounter = 0;

/**
 * A `tf.io` handler that saves to and loads from a directory on the local file system (Node only), the
 * `file://` scheme of `saveMlpVectorField` and `loadMlpVectorField` (from `@gen/train`).
 *
 * @remarks
 * The layout is the one tfjs-node writes: `model.json` (topology, format, `userDefinedMetadata`, and a
 * `weightsManifest` naming the weight file) and `weights.bin` (the raw little-endian weight data in manifest
 * order). Each file is written to a temporary file in the same directory and renamed over its target, so a file is
 * never seen half-written; `weights.bin` is renamed before `model.json`. The directory is created if missing.
 * `node:fs/promises` and `node:path` are imported when `save` or `load` runs, so this module still loads in a
 * browser (where calling them fails).
 *
 * `load` reads `model.json` (at most 16 MiB) as a JSON object whose `weightsManifest` is an array of
 * `{ paths, weights }` groups, and reads the listed weight files, which must lie inside the model directory
 * (relative paths, no `..`, no link leading out). The weight specs and the data length are checked by
 * `loadMlpVectorField`.
 *
 * @param path - The model directory, or the path of its `model.json` (a path ending in `.json`).
 * @returns An `IOHandler` with `save` and `load`.
 * @throws From `load`: `InvalidArgumentError` naming `path`, with the offending file's path, when a file is missing
 *   or unreadable (with the system's code, e.g. `ENOENT`), `model.json` is not such a JSON object, or a weight file
 *   lies outside the directory. From `save`: Node's file-system errors.
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
      await createFolder(directory, 'path');
      await writeAtomically(fs, nodePath.join(directory, WEIGHTS_FILE), weights);
      await writeAtomically(fs, modelFile, `${JSON.stringify(modelJson, null, 2)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const { fs, nodePath, modelFile, directory } = await files();
      const text = new TextDecoder().decode(await readInputFile(modelFile, 'path', MAX_MODEL_JSON_BYTES));
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw invalidFile('path', modelFile, 'a model.json holding JSON', text);
      }
      const modelJson = checkModelJson(json, modelFile);
      const buffers: ArrayBuffer[] = [];
      for (const group of modelJson.weightsManifest) {
        for (const name of group.paths) {
          const file = await weightFile(fs, nodePath, directory, name, modelFile);
          buffers.push(Uint8Array.from(await readInputFile(file, 'path')).buffer);
        }
      }
      return tf.io.getModelArtifactsForJSONSync(
        modelJson,
        tf.io.getWeightSpecs(modelJson.weightsManifest),
        tf.io.CompositeArrayBuffer.join(buffers),
      );
    },
  };
}

/** `json` as a model.json whose weightsManifest is an array of `{ paths: string[], weights: [] }` groups. */
function checkModelJson(json: unknown, modelFile: string): tf.io.ModelJSON {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidFile('path', modelFile, 'a JSON object (a tf.io model.json)', json);
  }
  const manifest = (json as { weightsManifest?: unknown }).weightsManifest;
  const groupsValid =
    Array.isArray(manifest) &&
    manifest.every(
      (group: unknown) =>
        typeof group === 'object' &&
        group !== null &&
        Array.isArray((group as { paths?: unknown }).paths) &&
        (group as { paths: unknown[] }).paths.every((p) => typeof p === 'string') &&
        Array.isArray((group as { weights?: unknown }).weights),
    );
  if (!groupsValid) {
    throw invalidFile(
      'path',
      modelFile,
      'a weightsManifest array of { paths: string[], weights: [] } groups',
      Array.isArray(manifest) ? 'a group of another shape' : manifest,
    );
  }
  return json as tf.io.ModelJSON;
}

/**
 * The path of a weight file named in the manifest, checked to lie inside the model directory, also after
 * following links.
 */
async function weightFile(
  fs: NodeFs,
  nodePath: NodePath,
  directory: string,
  name: string,
  modelFile: string,
): Promise<string> {
  const expected = 'weight files inside the model folder (relative paths without "..")';
  const file = nodePath.resolve(directory, name);
  if (name.includes('\0') || !isInside(nodePath, nodePath.resolve(directory), file)) {
    throw invalidFile('path', modelFile, expected, name);
  }
  const [realDirectory, realFile] = await Promise.all([fs.realpath(directory), fs.realpath(file)]).catch(
    (error: unknown) => {
      throw unreadable('path', file, error);
    },
  );
  if (!isInside(nodePath, realDirectory, realFile)) {
    throw invalidFile('path', modelFile, expected, `${name}, a link to ${realFile}`);
  }
  return file;
}

/** Whether `target` is strictly inside `folder` (both absolute). */
function isInside(nodePath: NodePath, folder: string, target: string): boolean {
  const relative = nodePath.relative(folder, target);
  return (
    relative !== '' && relative !== '..' && !relative.startsWith(`..${nodePath.sep}`) && !nodePath.isAbsolute(relative)
  );
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
