/**
 * Typed HTML templates: a tagged template that escapes every interpolated value unless it is already
 * {@link Html}. Pages and components are plain TypeScript functions returning `Html`, so their props are
 * type-checked by `tsc` and the files run under Node's own type stripping (no JSX transform needed).
 * See docs/portal.md for why this over JSX or a template engine.
 * @module
 */

const HTML = Symbol('html');

/** A piece of markup that is safe to insert as is (built by {@link html} or {@link raw}). */
export interface Html {
  readonly [HTML]: true;
  readonly value: string;
}

/** What a template may interpolate: text (escaped), numbers, markup, lists of them; nothing for false/null. */
export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Markup the caller vouches for: only for strings built from escaped parts or constants. */
export function raw(value: string): Html {
  return { [HTML]: true, value };
}

function isHtml(part: unknown): part is Html {
  return typeof part === 'object' && part !== null && HTML in part;
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (typeof part === 'string') return escapeHtml(part);
  if (typeof part === 'number') return String(part);
  if (isHtml(part)) return part.value;
  return (part as readonly Part[]).map(render).join('');
}

/** The template tag: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < parts.length; i++) out += render(parts[i] as Part) + (strings[i + 1] ?? '');
  return raw(out);
}

/** JSON for a `<script type="application/ld+json">` block: `<` escaped so no text can close the element. */
export function jsonScript(value: unknown): Html {
  return raw(
    JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'),
  );
}

/** The rendered string of a page. */
export function documentOf(page: Html): string {
  return `<!doctype html>\n${page.value}`;
}
