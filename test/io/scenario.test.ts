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

describe('placement rules in scenario files', () => {
  it('reads moves and entries, with type names as every file may spell them (keys, aliases, groups, left)', () => {
    const file = parseScenario(
      [
        'name: Step down',
        'placement_moves:',
        '  - bands: [10to15]',
        "    type: children's homes",
        '    to: fostering_inhouse',
        '    add: 0.2',
        '    from: 2026',
        '  - to: left care',
        '    factor: 1.1',
        'placement_entries:',
        '  - to: [IFA foster]',
        '    factor: 0.6667',
        '    instead: in-house foster',
        '',
      ].join('\n'),
      's.yaml',
    );
    expect(file.placement).toEqual({
      moves: [
        {
          bands: ['10to15'],
          from: ['childrens_home'],
          to: ['fostering_inhouse'],
          change: { add: 0.2 },
          instead: undefined,
          fromYear: 2026,
        },
        { bands: undefined, from: undefined, to: ['left'], change: { factor: 1.1 }, instead: undefined, fromYear: undefined },
      ],
      entries: [
        { bands: undefined, to: ['fostering_agency'], change: { factor: 0.6667 }, instead: 'fostering_inhouse', fromYear: undefined },
      ],
    });
    expect(file.where.placementMoves).toEqual([3, 8]);
    expect(file.where.placementEntries).toEqual([11]);
    expect(parseScenario('name: x\nentry_rate:\n  - factor: 2\n', 'x.yaml').placement).toBeUndefined();
  });

  it('refuses a type the transitions do not follow, naming the line and field', () => {
    expectInputError(() => parseScenario('name: x\nplacement_moves:\n  - to: supported_inhouse\n    add: 0.1\n', 's.yaml'), {
      code: 'bad-value',
      line: 3,
      column: 'placement_moves[0].to',
      message:
        /"supported_inhouse" \(supported_inhouse\) is not a type the transitions follow: expected a placement type of the transitions \(fostering_inhouse, /,
    });
    expectInputError(() => parseScenario('name: x\nplacement_entries:\n  - to: [fostering, kennels]\n    add: 0.1\n', 's.yaml'), {
      code: 'bad-value',
      line: 3,
      column: 'placement_entries[0].to[1]',
      message: /unknown placement type "kennels"/,
    });
    // entrants cannot be placed "out of care", and `instead` is one type, not a group
    expectInputError(() => parseScenario('name: x\nplacement_entries:\n  - to: left\n    add: 0.1\n', 's.yaml'), {
      code: 'bad-value',
      column: 'placement_entries[0].to',
      message: /unknown placement type "left"/,
    });
    expectInputError(() => parseScenario('name: x\nplacement_moves:\n  - to: left\n    add: 0.1\n    instead: fostering\n', 's.yaml'), {
      code: 'bad-value',
      line: 5,
      column: 'placement_moves[0].instead',
      message: /is not one type the transitions follow/,
    });
  });

  it('needs exactly one of factor and add, and knows the fields of a rule', () => {
    expectInputError(() => parseScenario('name: x\nplacement_moves:\n  - to: left\n    add: 0.1\n    factor: 2\n', 's.yaml'), {
      code: 'bad-value',
      line: 3,
      column: 'placement_moves[0]',
      message: /give a factor \(multiply the rates\) or an add \(a share of children\), one of them/,
    });
    expectInputError(() => parseScenario('name: x\nplacement_moves:\n  - to: left\n    ad: 0.1\n', 's.yaml'), {
      code: 'bad-value',
      message: /unknown field "ad": expected type, to, factor or add, instead, from, bands/,
    });
    expectInputError(() => parseScenario('name: x\nplacement_moves:\n  - to: left\n    add: 1.5\n', 's.yaml'), {
      code: 'bad-value',
      column: 'placement_moves[0].add',
      message: /less than or equal to 1, got 1.5/,
    });
  });
});
