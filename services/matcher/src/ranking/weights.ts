/**
 * The ranking weights of the matcher, in one place. A score is the sum of per-factor contributions, each
 * between 0 and its weight, so the base factors add up to at most 1 and the priority boost to at most
 * `priority.cap`. Changing a number here changes both the engine query and the explanation.
 */
export interface RankingWeights {
  occupation: number;
  skills: number;
  distance: number;
  wage: number;
  availability: number;
  experience: number;
  /** How close an occupation must be: share of `occupation` by the closest level both sides share. */
  occupationTiers: { occupation: number; minorGroup: number; middleGroup: number };
  /** Gauss decay of distance: contribution × 0.5 at `offsetKm + scaleKm`. */
  distanceDecay: { scaleKm: number; offsetKm: number; decay: number };
  /** A skill not listed but written in the other side's text (every word of it): this share of its weight. */
  skillMentionShare: number;
  /** A worker with no coordinates who named the vacancy's district as a place they will work: this share. */
  willingPlaceShare: number;
  /** Gauss decay of the wage shortfall (yuan per month) and of the wait until availability (days). */
  wageDecay: { scale: number; decay: number };
  availabilityDecay: { scaleDays: number; decay: number };
  /**
   * The bounded boost: a worker in a priority group (migrant_worker, graduate, poverty_registered) and a
   * key enterprise's need. Their sum is capped: no boost can ever add more than `cap`.
   */
  priority: { priorityGroup: number; keyEnterprise: number; cap: number };
}

export const DEFAULT_WEIGHTS: RankingWeights = Object.freeze({
  occupation: 0.35,
  skills: 0.2,
  distance: 0.2,
  wage: 0.1,
  availability: 0.1,
  experience: 0.05,
  occupationTiers: { occupation: 1, minorGroup: 0.7, middleGroup: 0.4 },
  distanceDecay: { scaleKm: 10, offsetKm: 1, decay: 0.5 },
  skillMentionShare: 0.5,
  willingPlaceShare: 0.5,
  wageDecay: { scale: 1000, decay: 0.5 },
  availabilityDecay: { scaleDays: 14, decay: 0.5 },
  priority: { priorityGroup: 0.05, keyEnterprise: 0.05, cap: 0.08 },
});

/** The priority groups of the seed (重点群体) that the boost recognises. */
export const PRIORITY_GROUPS = ['migrant_worker', 'graduate', 'poverty_registered'] as const;

/**
 * Checks a weight set: every weight finite and ≥ 0, and availability > 0, because the engine scores a
 * document that matches no scoring function as 1, and the two availability functions together match every
 * document, which keeps the engine's score equal to the sum of contributions.
 */
export function validateWeights(w: RankingWeights): RankingWeights {
  const numbers = [
    w.occupation,
    w.skills,
    w.distance,
    w.wage,
    w.experience,
    w.willingPlaceShare,
    w.skillMentionShare,
    ...Object.values(w.occupationTiers),
    ...Object.values(w.priority),
  ];
  if (numbers.some((n) => !Number.isFinite(n) || n < 0))
    throw new RangeError('weights must be finite and ≥ 0');
  if (!(w.availability > 0)) throw new RangeError('availability weight must be > 0');
  if (!(w.distanceDecay.scaleKm > 0 && w.wageDecay.scale > 0 && w.availabilityDecay.scaleDays > 0))
    throw new RangeError('decay scales must be > 0');
  for (const d of [w.distanceDecay.decay, w.wageDecay.decay, w.availabilityDecay.decay])
    if (!(d > 0 && d < 1)) throw new RangeError('decay must be in (0, 1)');
  return w;
}

/** The engine's gauss decay: `decay ^ ((max(0, |distance| − offset) / scale)²)`. */
export function gauss(distance: number, scale: number, decay: number, offset = 0): number {
  const d = Math.max(0, Math.abs(distance) - offset);
  return decay ** ((d / scale) ** 2);
}

/** The priority boost of one pair, never above the cap. */
export function priorityBoost(w: RankingWeights, keyEnterprise: boolean, inPriorityGroup: boolean): number {
  const raw =
    (keyEnterprise ? w.priority.keyEnterprise : 0) + (inPriorityGroup ? w.priority.priorityGroup : 0);
  return Math.min(w.priority.cap, raw);
}

/**
 * Share of the experience weight: all of it when the worker has the required years (or none are required),
 * half when they have at least half, else none.
 */
export function experienceShare(requiredYears: number | undefined, years: number): 0 | 0.5 | 1 {
  const req = requiredYears ?? 0;
  if (years >= req) return 1;
  return years >= req / 2 ? 0.5 : 0;
}
