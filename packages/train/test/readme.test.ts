/**
 * Runs and type-checks every ```ts example of the repository's READMEs with the runner of
 * test/support/markdown-examples.ts: a package's README runs inside that package (its own name resolves through its
 * `exports`), the others inside this one. Each published package's README has at least one example.
 *
 * The READMEs' shell blocks are not run here: `pnpm gen` and its subcommands are covered by test/cli.test.ts (the
 * CLI's `runCli`, end to end on a short run), `pnpm test` by CI itself (`.ci/run`), `pnpm run docs` by typedoc failing
 * on any warning plus `docs/check-site.mjs`; install lines are checked for their form by test/package-manifests.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeMarkdownExamples, type MarkdownDocument, tsBlocks } from './support/markdown-examples.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(packageDir, '../..');

/** Folders under packages/ and apps/ that hold a package.json, relative to the root. */
const workspaceDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(group, name))
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .sort(),
);
const published = workspaceDirs.filter(
  (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).private !== true,
);

const documents: MarkdownDocument[] = [
  { name: 'README', markdownFile: join(root, 'README.md'), packageDir },
  { name: 'docs-README', markdownFile: join(root, 'docs', 'README.md'), packageDir },
  ...workspaceDirs
    .filter((dir) => existsSync(join(root, dir, 'README.md')))
    .map((dir) => ({
      name: `${dir.split('/')[1]}-README`,
      markdownFile: join(root, dir, 'README.md'),
      packageDir: join(root, dir),
    })),
];

describe('READMEs', () => {
  it('finds every published package', () => {
    expect(published).toEqual(
      expect.arrayContaining(['packages/core', 'packages/ode', 'packages/sde', 'packages/train']),
    );
  });

  it.each(published)('%s/README.md has at least one example', (dir) => {
    expect(tsBlocks(readFileSync(join(root, dir, 'README.md'), 'utf8')).length).toBeGreaterThan(0);
  });
});

describeMarkdownExamples('README examples', documents);
