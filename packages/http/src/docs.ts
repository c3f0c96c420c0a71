/** A self-contained, human-readable page of an OpenAPI document (no CDN, no scripts). */
export function renderDocsPage(doc: {
  info: { title: string; version: string; description?: string };
  paths?: object;
}): string {
  const esc = (s: unknown) =>
    String(s ?? '').replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!,
    );
  const sections: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops as Record<string, Record<string, unknown>>)) {
      const params =
        (op['parameters'] as
          | Array<{ name: string; in: string; required?: boolean; description?: string }>
          | undefined) ?? [];
      const responses = Object.entries((op['responses'] as Record<string, { description: string }>) ?? {});
      sections.push(`<section>
<h2><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>
<p><strong>${esc(op['summary'])}</strong></p>${op['description'] ? `<p>${esc(op['description'])}</p>` : ''}
<p>Auth: ${op['security'] ? 'API key (<code>Authorization: Bearer fg_…</code>)' : 'public, rate-limited'}</p>
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${esc(p.description)}</td></tr>`).join('')}</table>` : ''}
<ul>${responses.map(([s, r]) => `<li><code>${esc(s)}</code> ${esc(r.description)}</li>`).join('')}</ul>
</section>`);
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;line-height:1.45}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{font-family:monospace;padding:.1rem .4rem;border-radius:3px;color:#fff;background:#555}
.get{background:#2b7}.post{background:#27b}.put{background:#b72}.delete{background:#c33}.patch{background:#86b}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable description: <a href="/openapi.json">/openapi.json</a>. Errors are JSON: <code>{"error":{"code","message","details"}}</code>.</p>
${sections.join('\n')}</body></html>`;
}
