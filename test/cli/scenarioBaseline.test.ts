import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './run.js';

// Scenarios run on the flow method, whose baseline is not the headline that sufficiency and report
// use (the recommended projection): every scenario output says so, and carries each scenario's
// effect onto the recommended projection as the ratio of the scenario's flow count to flow's baseline.
const SCENARIOS = ['--scenario', join(root, 'examples/edge-of-care.yaml'), '--scenario', join(root, 'examples/more-uasc.yaml')];

describe("a scenario's baseline and the recommended projection", () => {
  it('JSON: the recommended rows are the recommended projection, each scenario scaled by its ratio to the flow baseline', async () => {
    const scenario = await runCli(['scenario', ...SCENARIOS, '--to', '2030', '--format', 'json']);
    const project = await runCli(['project', '--methods', 'recommended', '--to', '2030', '--format', 'json']);
    expect(scenario.code, scenario.stderr).toBe(0);
    const doc = JSON.parse(scenario.stdout);
    const headline = JSON.parse(project.stdout).records.filter((r: { kind: string }) => r.kind === 'projected');
    const scaled = (name: string, year: number) =>
      doc.scaled_onto_recommended.find((r: { scenario: string; year: number }) => r.scenario === name && r.year === year);
    const flow = (name: string, year: number) =>
      doc.records.find((r: { scenario: string; year: number }) => r.scenario === name && r.year === year).cla;
    for (const h of headline) {
      // the baseline's rows: the recommended projection itself (ratio 1)
      expect(scaled('baseline', h.year)).toMatchObject({ ratio: 1, cla: h.cla, lower80: h.lower80, upper80: h.upper80 });
      for (const name of ['Edge of care', 'More UASC']) {
        // worked independently: recommended x (scenario's flow count / flow's baseline), from the rounded records
        const ratio = flow(name, h.year) / flow('baseline', h.year);
        expect(scaled(name, h.year).cla).toBeCloseTo(h.cla * ratio, 0);
      }
    }
    // Edge of care starts in 2027: 2026 is the recommended projection unchanged
    expect(scaled('Edge of care', 2026).cla).toBe(scaled('baseline', 2026).cla);
    expect(scaled('Edge of care', 2030).cla).toBeLessThan(scaled('baseline', 2030).cla);
    expect(doc.notes).toContainEqual(
      expect.stringMatching(
        /^the baseline and the scenarios are the flow method's \(inflow\/outflow: 279 in 2030\); the recommended projection, which sufficiency and report lead with, is 278 in 2030\. /,
      ),
    );
  });

  it('the table says so beside the scenario table and gives the scaled table; the CSV says so on stderr', async () => {
    const table = await runCli(['scenario', ...SCENARIOS, '--to', '2028']);
    expect(table.stdout).toMatch(/the baseline and the scenarios are the flow method's \(inflow\/outflow: 280 in\s+2028\)/);
    expect(table.stdout).toContain('Tower Hamlets (E09000030, 211): the scenarios scaled onto the recommended projection (80% range)');
    // the recommended column is the recommended projection as `project` prints it (2027: 279 (236-328))
    expect(table.stdout).toMatch(/^ 2027 {3}279 \(236-328\) /m);
    const csv = await runCli(['scenario', ...SCENARIOS, '--to', '2028', '--format', 'csv']);
    expect(csv.stderr).toMatch(/note: the baseline and the scenarios are the flow method's .* \(in the table and JSON\)\n/);
    expect(csv.stdout).not.toMatch(/recommended/);
  });
});
