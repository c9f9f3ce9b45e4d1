import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { cleanText } from './text.js';
import type { FlowScenario } from '../model/methods/flow.js';

const BANDS = ['under1', '1to4', '5to9', '10to15', '16to17', '0to17'] as const;
const year = z.number().int().min(1900).max(2200);
const bands = z.array(z.enum(BANDS)).nonempty().optional();
/**
 * Bounds on what a scenario may ask: beyond them the numbers are typing slips (`1e308`, `.inf`),
 * not plans. Ten times the entry rate is already no council's plan; England as a whole receives a
 * few thousand unaccompanied children a year.
 */
const MAX_ENTRY_FACTOR = 10;
const MAX_UASC_ARRIVALS = 10_000;
const arrivals = z.number().finite().nonnegative().max(MAX_UASC_ARRIVALS);
const path = z.string().min(1).max(4096);

/** The scenario file's shape: snake_case keys, as a council analyst would write them in YAML. */
const scenarioSchema = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(10_000).optional(),
    entry_rate: z
      .array(z.object({ factor: z.number().finite().positive().max(MAX_ENTRY_FACTOR), from: year.optional(), bands }).strict())
      .max(100)
      .optional(),
    exit_share: z
      .array(z.object({ add: z.number().finite().min(-1).max(1), from: year.optional(), bands }).strict())
      .max(100)
      .optional(),
    uasc_arrivals: z
      .union([
        arrivals,
        z.object({ factor: z.number().finite().nonnegative().max(MAX_ENTRY_FACTOR), from: year.optional() }).strict(),
        z.record(z.string().regex(/^\d{4}$/, 'a year such as 2027'), arrivals),
      ])
      .optional(),
    population: z.union([path, z.array(path).nonempty().max(20)]).optional(),
    area: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export interface ScenarioFile {
  source: string;
  scenario: FlowScenario;
  /** Where each rule is in the file, for errors about rules that cannot act. */
  where: { entryRate: (number | undefined)[]; exitShare: (number | undefined)[]; uascArrivals?: number };
  description?: string;
  /** Population projection files replacing the run's projection for this scenario (resolved paths). */
  populationFiles?: string[];
  /** The one council (or, with --group, the group) it is for, as --area names it; every area run when absent. */
  area?: { name: string; line?: number };
}

/**
 * Read a scenario (YAML or JSON; JSON is YAML) and check it against the schema. Errors name the
 * file, the line and the field: `low-entries.yaml line 4, column "entry_rate[0].factor": ...`.
 * @throws InputError `bad-value`
 */
export function parseScenario(text: string, source: string): ScenarioFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new InputError('bad-value', `cannot read the scenario as YAML or JSON: ${error.message.split('\n')[0]}`, { file: source, line });
  }
  let value: unknown;
  try {
    // The yaml library stops alias bombs ("billion laughs") and deep recursion; say so plainly.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const reason = /alias/i.test((err as Error).message)
      ? 'too many aliases (*name) expanding to too much data: a scenario needs no anchors or aliases'
      : (err as Error).message.split('\n')[0];
    throw new InputError('bad-value', `cannot read the scenario as YAML or JSON: ${reason}`, { file: source });
  }
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.reduce<string>((p, key) => (typeof key === 'number' ? `${p}[${key}]` : p ? `${p}.${key}` : String(key)), '');
    const found = issue.path.reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined),
      value,
    );
    const got = typeof found === 'number' ? `, got ${found}` : '';
    throw new InputError('bad-value', describeIssue(issue) + got, {
      file: source,
      line: lineOf(doc, lineCounter, issue.path),
      column: path === '' ? undefined : path,
    });
  }
  const s = parsed.data;
  // The name and description reach tables, charts and workbooks: made safe here, once.
  const scenario: FlowScenario = { name: cleanText(s.name) };
  if (s.entry_rate) scenario.entryRate = s.entry_rate.map((r) => ({ factor: r.factor, fromYear: r.from, bands: r.bands }));
  if (s.exit_share) scenario.exitShare = s.exit_share.map((r) => ({ add: r.add, fromYear: r.from, bands: r.bands }));
  if (s.uasc_arrivals !== undefined) {
    const a = s.uasc_arrivals;
    scenario.uascArrivals =
      typeof a === 'object' && 'factor' in a && typeof a.factor === 'number'
        ? { factor: a.factor, fromYear: a.from as number | undefined }
        : a;
  }
  const population = s.population === undefined ? undefined : Array.isArray(s.population) ? s.population : [s.population];
  return {
    source,
    scenario,
    where: {
      entryRate: (s.entry_rate ?? []).map((_, i) => lineOf(doc, lineCounter, ['entry_rate', i])),
      exitShare: (s.exit_share ?? []).map((_, i) => lineOf(doc, lineCounter, ['exit_share', i])),
      uascArrivals: s.uasc_arrivals !== undefined ? lineOf(doc, lineCounter, ['uasc_arrivals']) : undefined,
    },
    description: s.description === undefined ? undefined : cleanText(s.description),
    populationFiles: population?.map((p) => resolve(dirname(source), p)),
    ...(s.area !== undefined ? { area: { name: cleanText(s.area), line: lineOf(doc, lineCounter, ['area']) } } : {}),
  };
}

function describeIssue(issue: z.ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}: expected name, description, entry_rate, exit_share, uasc_arrivals, population, area`;
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'this field is required';
  return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
}

/** Line of the YAML node at `path`, or of its nearest existing parent. */
function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
