/** Small readers for JSON-LD values, which may be a value, an array of values, or absent. */

/** A value or the values of an array, never undefined or null. */
export const list = (v: unknown): unknown[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/** A non-empty trimmed string from a string or number. */
export function text(v: unknown): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'number' && Number.isFinite(first)) return String(first);
  if (typeof first !== 'string') return undefined;
  const t = first.trim();
  return t.length > 0 ? t : undefined;
}

/** A finite number from a number or numeric string ("100000", "4,500"). */
export function num(v: unknown): number | undefined {
  const s = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[,\s]/g, '')) : Number.NaN;
  return typeof s === 'number' && Number.isFinite(s) && (typeof v === 'number' || (v as string).trim() !== '')
    ? s
    : undefined;
}

/** Short items of a free-text list separated by commas, semicolons or 、. */
export const words = (s: string): string[] =>
  s
    .split(/[,;、，；\n]/)
    .map((w) => w.trim())
    .filter(Boolean);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML description: tags out, block ends as line breaks, common entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*(br|\/p|\/li|\/div|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(
            e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
          )
        : (ENTITIES[e.toLowerCase()] ?? m),
    )
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/**
 * A date or date-time as the vacancy schema takes it: `2026-03-01`, or a full timestamp with an offset. A
 * local time without an offset (`2017-03-18T00:00`, common in JobPosting markup) is read in China Standard Time.
 */
export function isoDateTime(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    s.trim(),
  );
  if (!m) return undefined;
  const [, date, hh, mm, ss, frac, zone] = m;
  if (Number.isNaN(Date.parse(date!))) return undefined;
  if (hh === undefined) return date;
  const offset =
    zone === undefined
      ? '+08:00'
      : zone === 'Z'
        ? 'Z'
        : zone.includes(':')
          ? zone
          : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${date}T${hh}:${mm}:${ss ?? '00'}${frac ?? ''}${offset}`;
}
