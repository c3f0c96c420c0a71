/** The parts of an OpenAPI 3.0 schema object the docs page reads. */
interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  allOf?: SchemaObject[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}

interface Operation {
  summary?: string;
  description?: string;
  operationId?: string;
  tags?: string[];
  /** Alternatives: an empty requirement (`{}`) means the operation also answers without a key. */
  security?: Array<Record<string, unknown>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }>;
  requestBody?: { description?: string; content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { description: string }>;
}

/** One row of a request body's field table: a dotted path (`wage.min`, `skills[]`) and what it takes. */
export interface BodyField {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

const MAX_DEPTH = 4;

/** Follows a local `$ref` (`#/components/schemas/Wage`) to its schema. */
function resolve(schema: SchemaObject, schemas: Record<string, SchemaObject>): SchemaObject {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) s = schemas[s.$ref.replace('#/components/schemas/', '')] ?? {};
  return s;
}

/** A short type label: `integer (1–100000)`, `string (date | date-time)`, `array of string`, `Wage`. */
function typeLabel(schema: SchemaObject, schemas: Record<string, SchemaObject>): string {
  const named = schema.$ref?.replace('#/components/schemas/', '');
  const s = resolve(schema, schemas);
  const alternatives = s.anyOf ?? s.oneOf;
  let label: string;
  if (alternatives) {
    const kinds = [...new Set(alternatives.map((a) => typeLabel(a, schemas)))];
    label = kinds.join(' | ');
  } else if (s.type === 'array') {
    label = `array of ${s.items ? typeLabel(s.items, schemas) : 'any'}`;
    if (s.maxItems !== undefined) label += ` (at most ${s.maxItems})`;
  } else if (named && s.type === 'object') {
    label = `object (${named})`;
  } else {
    label = s.type ?? (s.properties ? 'object' : 'any');
    if (s.format) label += ` (${s.format})`;
    const range = (lo?: number, hi?: number) =>
      lo === hi
        ? `${lo}`
        : lo !== undefined && hi !== undefined
          ? `${lo}–${hi}`
          : lo !== undefined
            ? `≥ ${lo}`
            : `≤ ${hi}`;
    if (s.minimum !== undefined || s.maximum !== undefined) label += ` ${range(s.minimum, s.maximum)}`;
    if (s.minLength !== undefined || s.maxLength !== undefined)
      label += `, length ${range(s.minLength, s.maxLength)}`;
  }
  if (s.nullable) label += ' or null';
  return label;
}

/** What a field's row says besides its type: its description, its allowed values and its default. */
function fieldNotes(s: SchemaObject): string {
  const notes: string[] = [];
  if (s.description) notes.push(s.description);
  if (s.enum) notes.push(`one of: ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (s.default !== undefined && typeof s.default !== 'object')
    notes.push(`default: ${JSON.stringify(s.default)}`);
  return notes.join('; ');
}

/**
 * The fields of a request body schema, nested objects flattened to dotted paths (`wage.min`) and array
 * items to `name[]`, `$ref`s followed. `required` is within the field's own object: `wage.min` is required
 * whenever `wage` is sent.
 */
export function bodyFields(
  schema: SchemaObject,
  schemas: Record<string, SchemaObject> = {},
  prefix = '',
  depth = 0,
): BodyField[] {
  const s = resolve(schema, schemas);
  const parts = s.allOf ? s.allOf.map((p) => resolve(p, schemas)) : [s];
  const out: BodyField[] = [];
  for (const part of parts) {
    const required = new Set(part.required ?? []);
    for (const [key, raw] of Object.entries(part.properties ?? {})) {
      const field = resolve(raw, schemas);
      const name = prefix ? `${prefix}.${key}` : key;
      out.push({
        name,
        type: typeLabel(raw, schemas),
        required: required.has(key),
        description: fieldNotes({ ...field, description: raw.description ?? field.description }),
      });
      if (depth + 1 >= MAX_DEPTH) continue;
      if (field.properties || field.allOf) out.push(...bodyFields(field, schemas, name, depth + 1));
      const items = field.type === 'array' && field.items ? resolve(field.items, schemas) : undefined;
      if (items?.properties) out.push(...bodyFields(items, schemas, `${name}[]`, depth + 1));
    }
  }
  return out;
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The request body of one operation: a field table for a JSON object, one line for other media types. */
function renderBody(op: Operation, schemas: Record<string, SchemaObject>): string {
  const content = op.requestBody?.content;
  if (!content) return '';
  const blocks: string[] = [];
  for (const [type, media] of Object.entries(content)) {
    const schema = media.schema ? resolve(media.schema, schemas) : {};
    const fields = media.schema ? bodyFields(media.schema, schemas) : [];
    if (fields.length === 0) {
      blocks.push(`<p>Body <code>${esc(type)}</code>: ${esc(typeLabel(schema, schemas))}</p>`);
      continue;
    }
    const rows = fields
      .map(
        (f) =>
          `<tr><td><code>${esc(f.name)}</code></td><td>${esc(f.type)}</td><td>${f.required ? 'yes' : 'no'}</td><td>${esc(f.description)}</td></tr>`,
      )
      .join('');
    blocks.push(`<p>Body <code>${esc(type)}</code>${schema.description ? `: ${esc(schema.description)}` : ''}</p>
<table class="body"><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr>${rows}</table>`);
  }
  return blocks.join('\n');
}

/** What an operation's security requirements mean for a caller: a key needed, or public (a key optional). */
export function authLabel(security: Operation['security']): string {
  const key = 'API key (<code>Authorization: Bearer fg_…</code>)';
  if (!security || security.length === 0) return 'public, rate-limited';
  const anonymous = security.some((requirement) => Object.keys(requirement).length === 0);
  return anonymous ? `public, rate-limited; with an ${key}: that key's limit and its role's view` : key;
}

/** A self-contained, human-readable page of an OpenAPI document (no CDN, no scripts). */
export function renderDocsPage(doc: {
  info: { title: string; version: string; description?: string };
  paths?: object;
  components?: { schemas?: object };
}): string {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const sections: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops as Record<string, Operation>)) {
      const params = op.parameters ?? [];
      const responses = Object.entries(op.responses ?? {});
      sections.push(`<section>
<h2><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>
<p><strong>${esc(op.summary)}</strong></p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
<p>Auth: ${authLabel(op.security)}${op.operationId ? ` · operation <code>${esc(op.operationId)}</code>` : ''}${op.tags?.length ? ` · ${op.tags.map(esc).join(', ')}` : ''}</p>
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${esc(p.description)}</td></tr>`).join('')}</table>` : ''}
${renderBody(op, schemas)}
<ul>${responses.map(([s, r]) => `<li><code>${esc(s)}</code> ${esc(r.description)}</li>`).join('')}</ul>
</section>`);
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;line-height:1.45}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{font-family:monospace;padding:.1rem .4rem;border-radius:3px;color:#fff;background:#555}
.get{background:#2b7}.post{background:#27b}.put{background:#b72}.delete{background:#c33}.patch{background:#86b}
table{border-collapse:collapse;margin:.3rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable description: <a href="/openapi.json">/openapi.json</a>. Errors are JSON: <code>{"error":{"code","message","details"}}</code>.</p>
${sections.join('\n')}</body></html>`;
}
