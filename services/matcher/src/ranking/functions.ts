import type { estypes } from '@elastic/elasticsearch';
import { distanceKm, type LatLon } from '@fugong/text';
import { gauss } from './weights.ts';

/** The factors a ranking score is made of; an explanation has one number per factor. */
export const FACTORS = [
  'occupation',
  'skills',
  'distance',
  'wage',
  'availability',
  'experience',
  'priority',
] as const;
export type Factor = (typeof FACTORS)[number];
export type Explanation = Record<Factor | 'total', number>;

type Source = Record<string, unknown>;

/** A gauss decay on a geo, date or numeric field, with the same parameters on both sides. */
export type Decay =
  | {
      kind: 'geo';
      field: string;
      origin: LatLon;
      scaleKm: number;
      offsetKm: number;
      decay: number;
      value: (s: Source) => LatLon | undefined;
    }
  | {
      kind: 'date';
      field: string;
      origin: number;
      scaleMs: number;
      decay: number;
      value: (s: Source) => number | undefined;
    }
  | {
      kind: 'number';
      field: string;
      origin: number;
      scale: number;
      decay: number;
      value: (s: Source) => number | undefined;
    };

/**
 * One scoring function, written once for both sides: `filter` is what the engine evaluates, `test` the same
 * predicate over a hit's _source, so the contribution of each factor can be recomputed exactly for the
 * explanation. With score_mode `sum` and boost_mode `replace` the engine's score is the sum of
 * `weight × (decay ?? 1)` over the functions whose filter matches.
 */
export interface ScoreFunction {
  factor: Factor;
  weight: number;
  filter?: estypes.QueryDslQueryContainer;
  test: (s: Source) => boolean;
  decay?: Decay;
}

/** The engine's form of the functions (weights of 0 dropped: they add nothing). */
export function toEngineFunctions(fns: readonly ScoreFunction[]): estypes.QueryDslFunctionScoreContainer[] {
  return fns
    .filter((f) => f.weight > 0)
    .map((f) => ({
      ...(f.filter ? { filter: f.filter } : {}),
      weight: f.weight,
      ...(f.decay ? { gauss: { [f.decay.field]: engineDecay(f.decay) } } : {}),
    }));
}

function engineDecay(d: Decay): Record<string, unknown> {
  switch (d.kind) {
    case 'geo':
      return { origin: d.origin, scale: `${d.scaleKm}km`, offset: `${d.offsetKm}km`, decay: d.decay };
    case 'date':
      return {
        origin: new Date(d.origin).toISOString(),
        scale: `${Math.round(d.scaleMs)}ms`,
        decay: d.decay,
      };
    case 'number':
      return { origin: d.origin, scale: d.scale, decay: d.decay };
  }
}

function decayValue(d: Decay, s: Source): number {
  switch (d.kind) {
    case 'geo': {
      const v = d.value(s);
      return v ? gauss(distanceKm(d.origin, v), d.scaleKm, d.decay, d.offsetKm) : 1;
    }
    case 'date': {
      const v = d.value(s);
      return v === undefined ? 1 : gauss(v - d.origin, d.scaleMs, d.decay);
    }
    case 'number': {
      const v = d.value(s);
      return v === undefined ? 1 : gauss(v - d.origin, d.scale, d.decay);
    }
  }
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Each factor's contribution for one hit, rounded to 4 decimals, and their sum as `total`: the explanation
 * adds up to the total exactly, and the total equals the engine's score to float precision.
 */
export function explain(fns: readonly ScoreFunction[], source: Source): Explanation {
  const raw: Record<Factor, number> = {
    occupation: 0,
    skills: 0,
    distance: 0,
    wage: 0,
    availability: 0,
    experience: 0,
    priority: 0,
  };
  for (const f of fns) {
    if (f.weight > 0 && f.test(source))
      raw[f.factor] += f.weight * (f.decay ? decayValue(f.decay, source) : 1);
  }
  const out = { total: 0 } as Explanation;
  let total = 0;
  for (const k of FACTORS) {
    out[k] = round4(raw[k]);
    total += out[k];
  }
  out.total = round4(total);
  return out;
}

/** Reads a dotted path from a _source. */
export function at(s: Source, path: string): unknown {
  let v: unknown = s;
  for (const p of path.split('.')) v = v && typeof v === 'object' ? (v as Source)[p] : undefined;
  return v;
}

/** A date field of a _source as epoch ms (calendar dates are UTC midnight, as the engine indexes them). */
export const dateMs = (v: unknown): number | undefined =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined;

export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
export const point = (v: unknown): LatLon | undefined =>
  v && typeof v === 'object' && typeof (v as LatLon).lat === 'number' ? (v as LatLon) : undefined;
