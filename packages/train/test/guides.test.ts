/**
 * Runs and type-checks every ```ts example of docs/guides/*.md inside this package (so the @gen/* imports resolve),
 * with the runner of test/support/markdown-examples.ts; each guide has at least one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeMarkdownExamples, tsBlocks } from './support/markdown-examples.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const guidesDir = resolve(packageDir, '../../docs/guides');

const guides = readdirSync(guidesDir)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .sort();

describe('docs/guides', () => {
  it('finds the guides', () => {
    expect(guides.length).toBeGreaterThanOrEqual(5);
  });

  it.each(guides)('%s has at least one example', (guide) => {
    expect(tsBlocks(readFileSync(join(guidesDir, guide), 'utf8')).length).toBeGreaterThan(0);
  });
});

describeMarkdownExamples(
  'docs/guides examples',
  guides.map((guide) => ({ name: basename(guide, '.md'), markdownFile: join(guidesDir, guide), packageDir })),
);
