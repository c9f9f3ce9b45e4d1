import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, temporaryFolder } from './run.js';

// Groups of councils (issue 22): DfE's regions from the bundled national files (every council
// 2010-2022, London's boroughs to 2025) or DfE's file as downloaded, and groups of a file.

const dir = temporaryFolder('lacproj-groups-');
type Row = Record<string, string>;
const csv = (text: string): Row[] => parse(text, { columns: true });
const num = (v: string | undefined) => Number(v);

async function ok(args: string[]) {
  const result = await runCli(args);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe('project --group: the total first, the members below with their shares', () => {
  it('North West from the bundled national files: the research figures for 2025 from base 2022', async () => {
    const rows = csv(
      (await ok(['project', '--group', 'North West', '--methods', 'recommended', '--to', '2025', '--format', 'csv'])).stdout,
    );
    const at2025 = rows.filter((r) => r.year === '2025' && r.kind === 'projected');
    const total = at2025.find((r) => r.level === 'group')!;
    const members = at2025.filter((r) => r.level === 'council');
    expect(total).toMatchObject({ group: 'North West', area_code: '', area_name: 'North West', method: 'recommended' });
    expect(members).toHaveLength(23);
    // the total is the members' points added up (each rounded to 0.1 in the CSV)
    expect(num(total.cla)).toBeCloseTo(
      members.reduce((s, r) => s + num(r.cla), 0),
      0,
    );
    // research (issue 22): 15,357 with an 80% range of 14,098-16,741; added bounds 12,919-18,229
    expect(Math.round(num(total.cla))).toBe(15357);
    expect(Math.abs(num(total.lower80) / 14098 - 1)).toBeLessThan(0.01);
    expect(Math.abs(num(total.upper80) / 16741 - 1)).toBeLessThan(0.01);
    const added = members.reduce((s, r) => [s[0]! + num(r.lower80), s[1]! + num(r.upper80)], [0, 0]);
    expect(added[0]).toBeCloseTo(12919, -2);
    expect(added[1]).toBeCloseTo(18229, -2);
    expect(num(total.lower80)).toBeGreaterThan(added[0]!);
    expect(num(total.upper80)).toBeLessThan(added[1]!);
    // each member's share of the total, and the shares add up to 1
    const shares = members.map((r) => num(r.share));
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 3);
    const manchester = members.find((r) => r.area_name === 'Manchester')!;
    expect(num(manchester.share)).toBeCloseTo(num(manchester.cla) / num(total.cla), 3);
  });

  it("London from the bundled files: base 2025, City of London's suppressed 2025 count taken from 2024, one year further, and said", async () => {
    const result = await ok(['project', '--group', 'London', '--methods', 'recommended,naive', '--format', 'json']);
    const doc = JSON.parse(result.stdout);
    const [london] = doc.groups;
    expect(london.base_year).toBe(2025);
    expect(london.members).toHaveLength(33);
    const city = london.members.find((m: { area: { name: string } }) => m.area.name === 'City of London');
    expect(city).toMatchObject({ in_total: true, years_behind: 1 });
    expect(london.warnings.join(' ')).toMatch(
      /City of London \(E09000001, 201\) has no count for 2025: the total uses its 2024 count projected 1 year further/,
    );
    expect(doc.parameters).toMatchObject({ group: 'London', groups: null });
    expect(london.ranges[0].years[0].rho[0].measured_horizon).toBe(1);
    // the same run picked by DfE's region code, and Inner and Outer London apart
    const parts = await Promise.all(
      ['E13000001', 'Outer London'].map(async (g) =>
        JSON.parse((await ok(['project', '--group', g, '--methods', 'recommended', '--format', 'json'])).stdout),
      ),
    );
    expect(parts.map((p) => p.groups[0].members.length)).toEqual([14, 19]);
  });

  it("works from DfE's file as downloaded: the 2018-2022 rate file's North West rows, and the 2025 release's London file", async () => {
    const northWest = csv(
      (
        await ok([
          'project',
          '--group',
          'North West',
          '--history',
          fixture('dfe/cla-rate-2018to2022-north-west.csv'),
          '--methods',
          'recommended',
          '--format',
          'csv',
        ])
      ).stdout,
    );
    // DfE's 2022 release: the North West's councils counted 15,210 on 31 March 2022
    expect(northWest.find((r) => r.level === 'group' && r.kind === 'actual' && r.year === '2022')!.cla).toBe('15210');
    const inner = csv(
      (
        await ok([
          'project',
          '--group',
          'Inner London',
          '--history',
          'data/england/cla_number_and_rate_per_10k_children_2021to2025_london.csv',
          '--methods',
          'recommended',
          '--format',
          'csv',
        ])
      ).stdout,
    );
    expect(new Set(inner.filter((r) => r.level === 'council').map((r) => r.area_name)).size).toBe(14);
    expect(inner.find((r) => r.level === 'group' && r.kind === 'projected')!.year).toBe('2026');
  });

  it('runs every group of a file in one process, a council in two groups; the table says the groups are illustrative', async () => {
    const result = await ok(['project', '--groups', 'examples/groups.csv', '--group', 'all', '--methods', 'recommended', '--to', '2026']);
    const text = result.stdout.replace(/\n +/g, ' ');
    expect(text).toMatch(
      /^Greater Manchester \(illustrative\): children looked after on 31 March, a group of 10 councils \(examples\/groups.csv\)/m,
    );
    expect(text).toMatch(/^Pennine \(illustrative\): children looked after on 31 March, a group of 5 councils/m);
    // Oldham is in both, with the same projection of its own
    const rows = csv(
      (
        await ok([
          'project',
          '--groups',
          'examples/groups.csv',
          '--group',
          'all',
          '--methods',
          'recommended',
          '--to',
          '2026',
          '--format',
          'csv',
        ])
      ).stdout,
    );
    const oldham = rows.filter((r) => r.area_name === 'Oldham' && r.year === '2026');
    expect(oldham.map((r) => r.group)).toEqual(['Greater Manchester (illustrative)', 'Pennine (illustrative)']);
    expect(oldham[0]!.cla).toBe(oldham[1]!.cla);
    expect(oldham[0]!.share).not.toBe(oldham[1]!.share);
  });

  it('runs the nine regions with --group all', async () => {
    const doc = JSON.parse(
      (await ok(['project', '--group', 'all', '--methods', 'recommended', '--to', '2026', '--format', 'json'])).stdout,
    );
    expect(doc.groups.map((g: { group: { name: string } }) => g.group.name)).toHaveLength(9);
    // every current council: Dorset and BCP, North and West Northamptonshire each as itself
    expect(doc.groups.reduce((s: number, g: { members: unknown[] }) => s + g.members.length, 0)).toBe(152);
  });
});

describe('group input problems', () => {
  it('refuse an unknown group, a member not in the history (file, line, column), --group with --area, and a chart of a group', async () => {
    const unknown = await runCli(['project', '--group', 'Wessex']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/error: no group "Wessex": expected a DfE region \(name or code\), North East, .*, or "all"/);
    const file = join(dir, 'bad-groups.csv');
    writeFileSync(file, 'group,area\nA,Bolton\nA,Boltn\n');
    const member = await runCli(['project', '--groups', file, '--group', 'A']);
    expect(member.code).toBe(1);
    expect(member.stderr).toContain(`error: ${file} line 3, column "area": group "A": no council "Boltn" in the history`);
    expect((await runCli(['project', '--group', 'London', '--area', 'Hackney'])).stderr).toMatch(
      /--group picks its councils: it cannot be combined with --area/,
    );
    expect((await runCli(['chart', '--group', 'London'])).stderr).toMatch(/a chart draws one area/);
    expect((await runCli(['project', '--group', 'London', '--detail', join(dir, 'd.csv'), '--methods', 'flow'])).stderr).toMatch(
      /--detail is for one council/,
    );
  });
});

describe('backtest --group: the total against what its members later counted', () => {
  it("writes the group's forecasts (level group, empty area_code) and its members' (level council), the total their sum", async () => {
    const forecasts = join(dir, 'forecasts.csv');
    const result = await ok([
      'backtest',
      '--group',
      'North East',
      '--origins',
      '2017-2019',
      '--horizon',
      '3',
      '--methods',
      'recommended,naive',
      '--forecasts',
      forecasts,
    ]);
    expect(result.stdout).toMatch(/^Backtest of North East's total \(12 councils\): origins 2017-2019, forecasts 1-3 years ahead/);
    const rows = csv(readFileSync(forecasts, 'utf8'));
    expect(Object.keys(rows[0]!).slice(0, 4)).toEqual(['level', 'group', 'area_code', 'area_name']);
    const total = rows.filter((r) => r.level === 'group');
    expect(total.every((r) => r.area_code === '' && r.area_name === 'North East')).toBe(true);
    for (const g of total.filter((r) => r.method === 'recommended')) {
      const own = rows.filter(
        (r) => r.level === 'council' && r.method === g.method && r.origin === g.origin && r.year === g.year && r.actual !== '',
      );
      expect(own).toHaveLength(num(g.members));
      expect(num(g.forecast)).toBeCloseTo(
        own.reduce((s, r) => s + num(r.forecast), 0),
        0,
      );
      expect(num(g.actual)).toBe(own.reduce((s, r) => s + num(r.actual), 0));
      expect(num(g.lower80)).toBeLessThan(num(g.forecast));
      // narrower than the members' bounds added
      expect(num(g.upper80) - num(g.lower80)).toBeLessThan(own.reduce((s, r) => s + num(r.upper80) - num(r.lower80), 0));
    }
    expect(total.filter((r) => r.method === 'naive').every((r) => r.lower80 === '')).toBe(true);
  });
});

describe('sufficiency --group: members summed, places and prices by member or for the group', () => {
  it("adds the group's shared places to its members', prices each member at its own, and says where each member's counts came from", async () => {
    const capacity = join(dir, 'capacity.csv');
    const costs = join(dir, 'costs.csv');
    writeFileSync(
      capacity,
      'area,year,placement_type,places\nNorth East,2022,fostering_agency,1000\nSunderland,2022,fostering_agency,50\n841,2022,fostering_inhouse,400\n',
    );
    writeFileSync(costs, 'area,placement_type,weekly_cost,price_year\n,fostering_agency,820,2022\nSunderland,fostering_agency,900,2022\n');
    const args = ['sufficiency', '--group', 'North East', '--capacity', capacity, '--costs', costs, '--to', '2024'];
    const rows = csv((await ok([...args, '--format', 'csv'])).stdout);
    const at = (level: string, name: string, type: string) =>
      rows.find((r) => r.level === level && r.area_name === name && r.year === '2023' && r.placement_type === type)!;
    // places: the group's 1,000 plus Sunderland's 50; Darlington's (DfE 841) 400 in-house
    expect(at('group', 'North East', 'fostering_agency').places).toBe('1050');
    expect(at('group', 'North East', 'fostering_inhouse').places).toBe('400');
    expect(at('council', 'Darlington', 'fostering_inhouse').places).toBe('400');
    // prices: Sunderland's own 900, everyone else's 820, a year of 3% inflation
    expect(num(at('council', 'Sunderland', 'fostering_agency').weekly_cost)).toBeCloseTo(927, 5);
    expect(num(at('council', 'Gateshead', 'fostering_agency').weekly_cost)).toBeCloseTo(844.6, 5);
    // the group's children in a type are its members' added up
    const members = rows.filter((r) => r.level === 'council' && r.year === '2023' && r.placement_type === 'fostering_agency');
    expect(num(at('group', 'North East', 'fostering_agency').demand)).toBeCloseTo(
      members.reduce((s, r) => s + num(r.demand), 0),
      0,
    );
    const table = (await ok(args)).stdout.replace(/\n +/g, ' ');
    expect(table).toMatch(/DfE's published placements \(data\/england\/placements-by-council-2010-2022.csv\): Hartlepool, Middlesbrough/);
    expect(table).toMatch(/shared places of the group \(in the capacity file\): fostering_agency 1,000 from 2022/);
    writeFileSync(capacity, 'area,year,placement_type,places\nLeeds,2022,fostering_agency,50\n');
    const stray = await runCli(args);
    expect(stray.stderr).toContain(
      `error: ${capacity} line 2, column "area": "Leeds" is neither the group North East nor one of its members`,
    );
  });
});

describe('scenario --group: a scenario acts on one member or the whole group', () => {
  it("keeps the other members' baseline, and the total is the members' flow projections added up", async () => {
    const one = join(dir, 'one.yaml');
    const all = join(dir, 'all.yaml');
    writeFileSync(one, 'name: Sunderland fewer\narea: Sunderland\nentry_rate:\n  - factor: 0.8\n');
    writeFileSync(all, 'name: All fewer\narea: North East\nentry_rate:\n  - factor: 0.8\n');
    const rows = csv(
      (
        await ok([
          'scenario',
          '--group',
          'North East',
          '--scenario',
          one,
          '--scenario',
          all,
          '--population-extend',
          'flat',
          '--to',
          '2025',
          '--simulations',
          '200',
          '--format',
          'csv',
        ])
      ).stdout,
    );
    const at = (level: string, name: string, scenario: string) =>
      rows.find((r) => r.level === level && r.area_name === name && r.scenario === scenario && r.year === '2025')!;
    expect(at('council', 'Gateshead', 'Sunderland fewer').cla).toBe(at('council', 'Gateshead', 'baseline').cla);
    expect(num(at('council', 'Sunderland', 'Sunderland fewer').cla)).toBeLessThan(num(at('council', 'Sunderland', 'baseline').cla));
    expect(num(at('council', 'Gateshead', 'All fewer').cla)).toBeLessThan(num(at('council', 'Gateshead', 'baseline').cla));
    for (const s of ['baseline', 'Sunderland fewer', 'All fewer']) {
      const members = rows.filter((r) => r.level === 'council' && r.scenario === s && r.year === '2025');
      expect(num(at('group', 'North East', s).cla)).toBeCloseTo(
        members.reduce((t, r) => t + num(r.cla), 0),
        0,
      );
    }
    writeFileSync(one, 'name: Elsewhere\narea: Leeds\nentry_rate:\n  - factor: 0.8\n');
    const stray = await runCli([
      'scenario',
      '--group',
      'North East',
      '--scenario',
      one,
      '--population-extend',
      'flat',
      '--to',
      '2025',
      '--simulations',
      '200',
    ]);
    expect(stray.stderr).toContain(
      `error: ${one} line 2, column "area": this scenario is for "Leeds", which is neither a group run nor one of its members`,
    );
  });
});

describe('report --group: one page', () => {
  it('has the summary sentence, the charts, the members table, the backtest, placements and sources', async () => {
    const html = (await ok(['report', '--group', 'North East', '--to', '2026', '--methods', 'recommended,naive'])).stdout;
    expect(html).toMatch(/<h1>Children looked after in North East: projection to 2026<\/h1>/);
    expect(html).toMatch(
      /<p class="headline">Recommended: [\d,]+ children looked after on 31 March 2023 in North East&#39;s 12 councils|<p class="headline">Recommended: [\d,]+ children looked after on 31 March 2023 in North East's 12 councils/,
    );
    for (const id of ['summary', 'projection', 'members', 'trust', 'sufficiency', 'assumptions', 'sources'])
      expect(html).toContain(`<section id="${id}">`);
    for (const chart of ['group-chart', 'members-chart', 'placements-chart', 'gap-chart'])
      expect(html).toContain(`aria-labelledby="${chart}-title ${chart}-desc"`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!vega|www\.w3)/);
    expect((await runCli(['report', '--group', 'all'])).stderr).toMatch(/a report is of one group/);
  });
});
