import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// ../shared/STYLE.md: cli -> io, model, report; io and report -> model; model -> simple-statistics only.
const imports = (layer: string) =>
  readdirSync(new URL(`../src/${layer}/`, import.meta.url))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => {
      const text = readFileSync(new URL(`../src/${layer}/${file}`, import.meta.url), 'utf8');
      return [...text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => ({ file: `${layer}/${file}`, from: m[1]! }));
    });

describe('dependency direction', () => {
  it('model/ imports only itself, errors and simple-statistics (no fs, no clock, no other package)', () => {
    const bad = imports('model').filter(({ from }) => !from.startsWith('./') && from !== '../errors.js' && from !== 'simple-statistics');
    expect(bad).toEqual([]);
  });

  it('io/ and report/ never import cli/, and report/ never imports io/', () => {
    const bad = [...imports('io'), ...imports('report')].filter(
      ({ file, from }) => from.startsWith('../cli/') || (file.startsWith('report/') && from.startsWith('../io/')),
    );
    expect(bad).toEqual([]);
  });

  it('only cli/ touches the process', () => {
    for (const layer of ['model', 'io', 'report']) {
      for (const file of readdirSync(new URL(`../src/${layer}/`, import.meta.url))) {
        const text = readFileSync(new URL(`../src/${layer}/${file}`, import.meta.url), 'utf8');
        expect(text, `${layer}/${file}`).not.toMatch(/process\.(exit|stdout|stderr|exitCode)|console\.log/);
      }
    }
  });
});
