import { describe, expect, it } from 'vitest';
import { fixture, runCli, temporaryFolder } from './run.js';

// The bundled national files are reachable by name from any folder (an installed lacproj has no
// data/ beside the user's files), and every output says where the bundled files it used end.
describe('bundled national files by name', () => {
  const elsewhere = temporaryFolder('lacproj-elsewhere-');

  it('--history england --population england run from any folder, and JSON says where they end', async () => {
    const result = await runCli(
      ['project', '--history', 'england', '--population', 'england', '--area', 'Manchester', '--to', '2024', '--format', 'json'],
      { cwd: elsewhere },
    );
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    // (the regional files behind the recommended projection are the same bundled history, listed again for that role)
    const bundled = doc.inputs.filter((i: { bundled?: string; role: string }) => i.bundled !== undefined && i.role !== 'regional history');
    expect(bundled.map((i: { role: string; file: string; bundled: string }) => [i.role, i.file, i.bundled])).toEqual([
      ['history', 'data/england/cla-history-2010-2022.csv', 'DfE history to 31 March 2022'],
      ['history', 'data/england/cla_number_and_rate_per_10k_children_2021to2025_london.csv', 'DfE history of London to 31 March 2025'],
      ['population', 'data/england/population-0-17-mid-2011-2024.csv', 'ONS 0-17 estimates to mid-2024'],
    ]);
    expect(doc.notes).toContain('bundled data: DfE history to 31 March 2022 (London to 2025); ONS 0-17 estimates to mid-2024');
    // Manchester's last published count in the bundled file: 2022
    expect(doc.areas[0].base_year).toBe(2022);
  });

  it('tables end with the bundled data line; a CSV gets it on stderr', async () => {
    const table = await runCli(['project', '--history', 'england', '--population', 'england', '--area', 'Rutland', '--to', '2024'], {
      cwd: elsewhere,
    });
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Bundled data: DfE history to 31 March 2022 (London to 2025); ONS 0-17 estimates to mid-2024',
    );
    const csv = await runCli(
      ['project', '--history', 'england', '--population', 'england', '--area', 'Rutland', '--to', '2024', '--format', 'csv'],
      {
        cwd: elsewhere,
      },
    );
    expect(csv.stderr).toContain('note: bundled data: DfE history to 31 March 2022 (London to 2025); ONS 0-17 estimates to mid-2024\n');
    expect(csv.stdout).not.toMatch(/bundled/i);
  });

  it('the default run names its bundled Tower Hamlets files and the regional files behind the recommended projection', async () => {
    const table = await runCli(['project', '--to', '2027'], { env: { COLUMNS: '1000' } });
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe(
      'Bundled data: Tower Hamlets history to 31 March 2025; by age band to 2025; ONS estimates to mid-2024; ONS 2022-based projection to mid-2047; DfE history to 31 March 2022 (London to 2025)',
    );
  });

  it('a file of the user\'s own is not called bundled, and "england" without a population says which to add', async () => {
    const own = await runCli(
      ['project', '--history', fixture('ssda903-sample-history.csv'), '--population', 'england', '--to', '2024', '--format', 'json'],
      { cwd: elsewhere },
    );
    const history = JSON.parse(own.stdout).inputs.find((i: { role: string }) => i.role === 'history');
    expect(history.bundled).toBeUndefined();
    const alone = await runCli(['project', '--history', 'england', '--area', 'Manchester'], { cwd: elsewhere });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(
      /--history needs --population too: .*\(--population england is the bundled ONS estimates of every council\)/,
    );
  });

  it('episodes summarise --history england sets the returns beside a council of the bundled history', async () => {
    const result = await runCli(
      ['episodes', 'summarise', '--episodes', fixture('ssda903-sample'), '--history', 'england', '--area', 'Tower Hamlets'],
      { cwd: elsewhere },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Against the published figures for Tower Hamlets \(E09000030, 211\)/);
  });

  it('--help names what "england" is', async () => {
    const help = (await runCli(['project', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('"england" = the bundled DfE history of every council (to 31 March 2022; London to 2025)');
    expect(help).toContain('"england" = the bundled ONS 0-17 estimates of every council (to mid-2024)');
  });
});
