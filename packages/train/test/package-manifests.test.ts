/**
 * What every published package (packages/* without `"private": true`) ships: the MIT LICENSE (identical to the
 * repository's) in its tarball, the fields npm shows, exports whose `types` condition comes first (TypeScript takes
 * the first matching condition), and an install line in its README.
 *
 * `repository`, `homepage` and `bugs` are not checked: the project has no public URL yet (add them, with
 * `repository.directory`, once it has one).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8');

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  engines?: { node?: string };
  files?: string[];
  exports?: Record<string, string | Record<string, string>>;
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => manifest.private !== true)
  .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
const cases = packages.map((p) => [p.manifest.name, p] as const);

/**
 * The files `pnpm pack` would put in the tarball: pnpm's CLI at npm_execpath when a pnpm script runs this suite
 * (a .js, .cjs or .mjs file), else `pnpm` on the PATH.
 */
function packedFiles(dir: string): string[] {
  const cli = process.env.npm_execpath;
  const [command, args] =
    cli !== undefined && /pnpm[^/\\]*\.[cm]?js$/.test(cli) ? [process.execPath, [cli]] : ['pnpm', [] as string[]];
  const out = execFileSync(command, [...args, 'pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' });
  return (JSON.parse(out) as { files: { path: string }[] }).files.map((f) => f.path);
}

describe('the repository LICENSE', () => {
  it('is the MIT licence of the gen authors, 2026', () => {
    expect(rootLicense.startsWith('MIT License\n\nCopyright (c) 2026 the gen authors\n')).toBe(true);
    expect(rootLicense).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('finds the published packages', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual(
      expect.arrayContaining(['@gen/core', '@gen/ode', '@gen/sde', '@gen/train']),
    );
  });
});

describe.each(cases)('%s', (_name, { dir, manifest }) => {
  it('has a LICENSE identical to the repository one, listed in files and packed', () => {
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(rootLicense);
    expect(manifest.files).toContain('LICENSE');
    expect(packedFiles(dir)).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
  });

  it('says MIT and Node >= 20', () => {
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines?.node).toBe('>=20');
  });

  it('lists `types` first in every export condition map', () => {
    const entries = Object.entries(manifest.exports ?? {}).filter(([path]) => path !== './package.json');
    expect(entries.length).toBeGreaterThan(0);
    for (const [path, target] of entries) {
      expect(typeof target, path).toBe('object');
      expect(Object.keys(target)[0], path).toBe('types');
    }
  });

  it('has an install line with tfjs in its README', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(new RegExp(`^npm install ${manifest.name} .*@tensorflow/tfjs( |$)`, 'm'));
  });
});
