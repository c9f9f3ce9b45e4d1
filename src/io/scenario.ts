import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { cleanText } from './text.js';
import type { FlowScenario } from '../model/methods/flow.js';
import { CODE_CATEGORIES, PLACEMENT_TYPE_INFO, placementTypeOf, type CodeCategory } from '../model/episodes/placementTypes.js';
import type { PlacementEntryRule, PlacementMoveRule, ScenarioTarget } from '../model/methods/placementScenario.js';

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
const typeName = z.string().min(1).max(200);
const typeNames = z.union([typeName, z.array(typeName).nonempty().max(30)]);
/** A placement rule multiplies (`factor`) or adds to (`add`, a share of children) the rates it names. */
const change = {
  factor: z.number().finite().nonnegative().max(MAX_ENTRY_FACTOR).optional(),
  add: z.number().finite().min(-1).max(1).optional(),
};
const oneChange = (rule: { factor?: number; add?: number }, ctx: z.RefinementCtx) => {
  if ((rule.factor === undefined) === (rule.add === undefined)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'give a factor (multiply the rates) or an add (a share of children), one of them',
    });
  }
};
const placementMove = z
  .object({ type: typeNames.optional(), to: typeNames, ...change, instead: typeName.optional(), from: year.optional(), bands })
  .strict()
  .superRefine(oneChange);
const placementEntry = z
  .object({ to: typeNames, ...change, instead: typeName.optional(), from: year.optional(), bands })
  .strict()
  .superRefine(oneChange);

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
    placement_moves: z.array(placementMove).max(100).optional(),
    placement_entries: z.array(placementEntry).max(100).optional(),
    area: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export interface ScenarioFile {
  source: string;
  scenario: FlowScenario;
  /** Rules on the placement transitions (`sufficiency --episodes`, `scenario --episodes`), when the file has any. */
  placement?: { moves: PlacementMoveRule[]; entries: PlacementEntryRule[] };
  /** Where each rule is in the file, for errors about rules that cannot act. */
  where: {
    entryRate: (number | undefined)[];
    exitShare: (number | undefined)[];
    uascArrivals?: number;
    population?: number;
    placementMoves: (number | undefined)[];
    placementEntries: (number | undefined)[];
  };
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
  // placement type names, read as every other file reads them (keys, aliases, labels)
  const target = (name: string, where: (string | number)[], allowed: 'moves' | 'entries', one = false): ScenarioTarget => {
    const fail = (why: string): never => {
      throw new InputError('bad-value', why, {
        file: source,
        line: lineOf(doc, lineCounter, where),
        column: where.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k), ''),
      });
    };
    const clean = cleanText(name);
    if (allowed === 'moves' && /^left([\s_-]*care)?$/i.test(clean.trim())) return 'left';
    const type = placementTypeOf(clean);
    const states = CODE_CATEGORIES.filter((c) => c !== 'unknown').join(', ');
    const groups = Object.entries(PLACEMENT_TYPE_INFO)
      .filter(([, info]) => info.parts?.every((part) => (CODE_CATEGORIES as readonly string[]).includes(part)))
      .map(([key]) => key);
    const expected = `a placement type of the transitions (${states})${one ? '' : ` or a group (${groups.join(', ')})`}${allowed === 'moves' ? ', or left (left care)' : ''}`;
    if (type === undefined || type === 'unknown') return fail(`unknown placement type "${clean.slice(0, 60)}": expected ${expected}`);
    const isState = (CODE_CATEGORIES as readonly string[]).includes(type);
    if (isState || (!one && groups.includes(type))) return type as CodeCategory;
    return fail(`"${clean.slice(0, 60)}" (${type}) is not ${one ? 'one type' : 'a type'} the transitions follow: expected ${expected}`);
  };
  const list = (names: string | string[], where: (string | number)[], allowed: 'moves' | 'entries') =>
    (Array.isArray(names) ? names : [names]).map((n, i) => target(n, Array.isArray(names) ? [...where, i] : where, allowed));
  const rateChange = (r: { factor?: number; add?: number }) => (r.factor !== undefined ? { factor: r.factor } : { add: r.add! });
  const moves = (s.placement_moves ?? []).map(
    (r, i): PlacementMoveRule => ({
      bands: r.bands,
      from: r.type === undefined ? undefined : list(r.type, ['placement_moves', i, 'type'], 'moves').filter((t) => t !== 'left'),
      to: list(r.to, ['placement_moves', i, 'to'], 'moves'),
      change: rateChange(r),
      instead: r.instead === undefined ? undefined : target(r.instead, ['placement_moves', i, 'instead'], 'moves', true),
      fromYear: r.from,
    }),
  );
  const entries = (s.placement_entries ?? []).map(
    (r, i): PlacementEntryRule => ({
      bands: r.bands,
      to: list(r.to, ['placement_entries', i, 'to'], 'entries'),
      change: rateChange(r),
      instead: r.instead === undefined ? undefined : target(r.instead, ['placement_entries', i, 'instead'], 'entries', true),
      fromYear: r.from,
    }),
  );
  return {
    source,
    scenario,
    ...(moves.length > 0 || entries.length > 0 ? { placement: { moves, entries } } : {}),
    where: {
      entryRate: (s.entry_rate ?? []).map((_, i) => lineOf(doc, lineCounter, ['entry_rate', i])),
      exitShare: (s.exit_share ?? []).map((_, i) => lineOf(doc, lineCounter, ['exit_share', i])),
      uascArrivals: s.uasc_arrivals !== undefined ? lineOf(doc, lineCounter, ['uasc_arrivals']) : undefined,
      population: s.population !== undefined ? lineOf(doc, lineCounter, ['population']) : undefined,
      placementMoves: moves.map((_, i) => lineOf(doc, lineCounter, ['placement_moves', i])),
      placementEntries: entries.map((_, i) => lineOf(doc, lineCounter, ['placement_entries', i])),
    },
    description: s.description === undefined ? undefined : cleanText(s.description),
    populationFiles: population?.map((p) => resolve(dirname(source), p)),
    ...(s.area !== undefined ? { area: { name: cleanText(s.area), line: lineOf(doc, lineCounter, ['area']) } } : {}),
  };
}

function describeIssue(issue: z.ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}: expected ${expectedFields(issue.path)}`;
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'this field is required';
  return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
}

/** The fields a scenario (or one of its rules) may have, for the message about an unknown one. */
function expectedFields(path: (string | number)[]): string {
  const rule = path[0];
  if (rule === 'placement_moves') return 'type, to, factor or add, instead, from, bands';
  if (rule === 'placement_entries') return 'to, factor or add, instead, from, bands';
  if (rule === 'entry_rate') return 'factor, from, bands';
  if (rule === 'exit_share') return 'add, from, bands';
  return 'name, description, entry_rate, exit_share, uasc_arrivals, population, placement_moves, placement_entries, area';
}

/** Line of the YAML node at `path`, or of its nearest existing parent. */
function lineOf(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
