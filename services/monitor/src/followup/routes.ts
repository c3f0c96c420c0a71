import { type Api, presentedKey } from '@fugong/http';
import type { FirmDoc, ReportDoc, Stores } from '@fugong/stores';
import { FollowUp, FollowUpQuery } from '../schemas.ts';
import type { NearbyFinder } from '../loop/nearby.ts';
import { isoWeekday, localDay } from '../time.ts';

/** The follow-up thresholds (env MONITOR_KEY_ONPOST_MIN_PCT, MONITOR_OPEN_POSITIONS_MAX). */
export interface Thresholds {
  keyEnterpriseOnPostMinPct: number;
  openPositionsMax: number;
}

type Reason = FollowUp['underThreshold']['items'][number]['reasons'][number];

/** Why a report is under the thresholds (empty when it is not), in integers: no rounding at the edge. */
export function reasonsOf(r: ReportDoc, t: Thresholds): Reason[] {
  const out: Reason[] = [];
  if (r.isKeyEnterprise && r.employees > 0 && r.onPost * 100 < t.keyEnterpriseOnPostMinPct * r.employees)
    out.push({
      rule: 'key_enterprise_on_post_rate',
      value: r.onPost / r.employees,
      threshold: t.keyEnterpriseOnPostMinPct / 100,
    });
  if (r.openPositions > t.openPositionsMax)
    out.push({ rule: 'open_positions', value: r.openPositions, threshold: t.openPositionsMax });
  return out;
}

const firmPart = (firmId: string, firm: FirmDoc | undefined, fallback: Partial<ReportDoc> = {}) => {
  const place = firm?.place as { code?: string; name?: string } | undefined;
  const district = place?.code
    ? { code: place.code, ...(place.name ? { name: place.name } : {}) }
    : fallback.district;
  const industry = firm?.industry ?? fallback.industry;
  return {
    firmId,
    ...(firm?.name ? { name: firm.name } : {}),
    ...(district ? { district } : {}),
    ...(industry ? { industry } : {}),
    isKeyEnterprise: firm ? Boolean(firm.isKeyEnterprise) : Boolean(fallback.isKeyEnterprise),
    ...(firm?.contact ? { contact: firm.contact as Record<string, unknown> } : {}),
  };
};

/** For a day: the due firms that have not reported (with their contact) and the firms under the thresholds. */
export function registerFollowUpRoutes(
  api: Api,
  stores: Stores,
  thresholds: Thresholds,
  now: () => Date,
  nearby?: NearbyFinder,
) {
  api.route({
    method: 'get',
    path: '/v1/monitor/follow-up',
    operationId: 'getMonitorFollowUp',
    summary: "The bureau's call list for a day: firms due that have not reported, and firms under thresholds",
    description:
      'Firm contacts are private: this list is for the bureau only. Thresholds: a key enterprise with 到岗率 ' +
      'below MONITOR_KEY_ONPOST_MIN_PCT (default 80 %), or any firm with more open positions than ' +
      'MONITOR_OPEN_POSITIONS_MAX (default 0).',
    tags: ['monitor follow-up'],
    auth: ['bureau'],
    query: FollowUpQuery,
    responses: { 200: { description: 'the two lists', schema: FollowUp } },
    handler: async ({ query }, req) => {
      const date = query.date ?? localDay(now());
      const due = await stores.monitor.dueFirms(date, isoWeekday(date));
      const reported = await stores.monitor.reportedOn(
        date,
        due.map((f) => f.firmId),
      );
      const missing = due.filter((f) => !reported.has(f.firmId));
      const under = (
        await stores.monitor.underThresholds(date, {
          keyOnPostBelow: thresholds.keyEnterpriseOnPostMinPct / 100,
          openPositionsAbove: thresholds.openPositionsMax,
        })
      )
        .map((r) => ({ r, reasons: reasonsOf(r, thresholds) }))
        .filter((x) => x.reasons.length > 0);
      const shownMissing = missing.slice(0, query.size);
      const shownUnder = under.slice(0, query.size);
      const firms = await stores.firms.getMany([
        ...shownMissing.map((f) => f.firmId),
        ...shownUnder.map((x) => x.r.firmId),
      ]);
      // Help within reach of each short-handed firm shown (open positions over the threshold): the matcher's
      // candidates for what it published, other firms' idle staff in its trades (loop/nearby.ts).
      const shortHanded = shownUnder
        .filter((x) => x.reasons.some((reason) => reason.rule === 'open_positions'))
        .map(({ r }) => ({
          firmId: r.firmId,
          ...(r.district?.code ? { districtCode: r.district.code } : {}),
          trades: (r.hiringNeeds ?? []).map((n) => n.occupation),
        }));
      const help = nearby ? await nearby.find(shortHanded, presentedKey(req) ?? '') : new Map();
      return {
        date,
        thresholds,
        missing: {
          total: missing.length,
          items: shownMissing.map((f) => firmPart(f.firmId, firms.get(f.firmId), f as Partial<ReportDoc>)),
        },
        underThreshold: {
          total: under.length,
          items: shownUnder.map(({ r, reasons }) => ({
            ...firmPart(r.firmId, firms.get(r.firmId), r),
            figures: {
              status: r.status,
              employees: r.employees,
              onPost: r.onPost,
              staffReturnRate: r.employees > 0 ? r.onPost / r.employees : null,
              openPositions: r.openPositions,
              capacityPct: r.capacityPct,
            },
            reasons,
            nearby: help.get(r.firmId),
          })),
        },
      };
    },
  });
}
