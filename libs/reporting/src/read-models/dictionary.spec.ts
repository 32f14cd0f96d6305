import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ACTIONS_MODEL } from './action.read-model';
import { ALERTS } from './alert.read-model';
import { DISTRIBUTIONS } from './distribution.read-model';
import { DRIVERS } from './driver.read-model';
import type { ReadModel } from './read-model';
import { FOOTPRINTS, MEMBERS } from './registry.read-models';
import { SCORES, TRENDS_MODEL } from './score.read-models';
import { INSTRUMENTS, RESPONSE_RATES, ROUNDS } from './survey.read-models';

const MODELS: ReadModel<never>[] = [FOOTPRINTS, MEMBERS, ROUNDS, RESPONSE_RATES, SCORES, TRENDS_MODEL, DISTRIBUTIONS, DRIVERS, ALERTS, ACTIONS_MODEL, INSTRUMENTS];

/** docs/bi.md's column dictionary is what consumers build on: it must list each export's columns, in order, with their types. */
describe('the column dictionary in docs/bi.md', () => {
  const docs = readFileSync(resolve(process.cwd(), 'docs/bi.md'), 'utf8');

  it.each(MODELS.map((model) => [model.name, model] as const))('documents every column of %s in order', (name, model) => {
    const section = docs.split(`### \`${name}\`\n`)[1]?.split('\n### ')[0] ?? '';
    const documented = [...section.matchAll(/^\| \d+ \| `([a-z_]+)` \| ([a-z-]+) \| (yes|no) \|/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(documented).toEqual(model.columns.map((c) => [c.name, c.type, c.nullable ? 'yes' : 'no']));
  });

  it('keeps column names unique and keys sortable within every read model', () => {
    for (const model of MODELS) {
      expect(new Set(model.columns.map((c) => c.name)).size).toBe(model.columns.length);
      expect(model.sorts[model.defaultSort]).toBeDefined();
    }
  });
});
