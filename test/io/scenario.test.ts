import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/io/scenario.js';
import { expectInputError } from '../helpers/errors.js';

describe('scenario files', () => {
  it('reads YAML into the model scenario, resolving a population variant next to the file', () => {
    const file = parseScenario(
      'name: Edge of care\nentry_rate:\n  - factor: 0.9\n    from: 2027\n    bands: [10to15]\nexit_share:\n  - add: 0.02\nuasc_arrivals: {2026: 40, 2027: 55}\npopulation: gla-low.csv\n',
      '/plans/edge.yaml',
    );
    expect(file.scenario).toEqual({
      name: 'Edge of care',
      entryRate: [{ factor: 0.9, fromYear: 2027, bands: ['10to15'] }],
      exitShare: [{ add: 0.02, fromYear: undefined, bands: undefined }],
      uascArrivals: { '2026': 40, '2027': 55 },
    });
    expect(file.populationFiles).toEqual(['/plans/gla-low.csv']);
  });

  it('reads JSON too', () => {
    expect(parseScenario('{"name": "More UASC", "uasc_arrivals": 50}', 'u.json').scenario).toEqual({ name: 'More UASC', uascArrivals: 50 });
  });

  it('names the line and field of a wrong value', () => {
    expectInputError(() => parseScenario('name: x\nentry_rate:\n  - factor: -0.9\n', 's.yaml'), {
      code: 'bad-value',
      file: 's.yaml',
      line: 3,
      column: 'entry_rate[0].factor',
      message: /greater than 0/,
    });
  });

  it('names an unknown field and lists the known ones', () => {
    expectInputError(() => parseScenario('name: x\nentry_rates: []\n', 's.yaml'), {
      code: 'bad-value',
      line: 1,
      message: /unknown field "entry_rates": expected name, description, entry_rate/,
    });
  });

  it('requires a name', () => {
    expectInputError(() => parseScenario('uasc_arrivals: 40\n', 's.yaml'), { code: 'bad-value', column: 'name', message: /required/ });
  });

  it('rejects an unknown band', () => {
    expectInputError(() => parseScenario('name: x\nexit_share:\n  - add: 0.1\n    bands: [teens]\n', 's.yaml'), {
      code: 'bad-value',
      line: 4,
      column: 'exit_share[0].bands[0]',
    });
  });

  it('reports broken YAML with its line', () => {
    expectInputError(() => parseScenario('name: x\nentry_rate: [\n', 's.yaml'), {
      code: 'bad-value',
      file: 's.yaml',
      message: /cannot read the scenario/,
    });
  });
});
