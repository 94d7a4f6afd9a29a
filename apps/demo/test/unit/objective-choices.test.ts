import { OBJECTIVE_NAMES, OBJECTIVES } from '@gen/train';
import { runCli } from '@gen/train/node';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OBJECTIVE, OBJECTIVE_CHOICES, savedObjective } from '../../src/objective-choices.js';

describe("the demo's Objective select", () => {
  it("offers @gen/train's registry, the names gen train --objective accepts", async () => {
    expect(OBJECTIVE_CHOICES.map((c) => c.value)).toEqual([...OBJECTIVE_NAMES]);
    for (const { value, label } of OBJECTIVE_CHOICES) expect(label).toBe(`${value}: ${OBJECTIVES[value].description}`);
    expect(DEFAULT_OBJECTIVE).toBe('ot-cfm');
    const lines: string[] = [];
    expect(await runCli(['train', '--help'], { out: (line) => lines.push(line), err: () => undefined })).toBe(0);
    const accepted = /--objective <([^>]+)>/.exec(lines.join('\n'))?.[1];
    expect(accepted?.split('|')).toEqual(OBJECTIVE_CHOICES.map((c) => c.value));
  });

  it('reads the objective a saved model records, the former demo names included', () => {
    for (const name of OBJECTIVE_NAMES) expect(savedObjective(name)).toBe(name);
    expect(savedObjective('ml')).toBe('likelihood');
    expect(savedObjective('vp-dsm')).toBe('dsm');
    expect(savedObjective(undefined)).toBe('ot-cfm');
    for (const stored of ['gan', 'constructor', 7, null, 'x'.repeat(10_000)]) {
      expect(() => savedObjective(stored)).toThrow(/^The saved model has an unknown objective ".{0,80}"\.$/);
    }
  });
});
