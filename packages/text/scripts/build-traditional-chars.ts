/**
 * Builds packages/text/data/traditional-chars.txt: every BMP character that opencc-js's Taiwan→mainland or
 * Hong Kong→mainland converter changes on its own. normalizeText converts a text only when it contains one
 * of them, which keeps simplified text exactly as written (the converters would otherwise turn 打坏 into
 * 打坯, reading 坏 as the traditional form of 坯) and skips the converters for most documents.
 * Re-run after upgrading opencc-js: pnpm --filter @fugong/text build:traditional-chars
 */
import { writeFileSync } from 'node:fs';
import OpenCC from 'opencc-js';

// Characters the converters change on their own that are also normal in simplified text (什么, 著名,
// 乾坤, 哪吒, 蒜薹…): a text is not taken for traditional because of them. Traditional forms that GB 2312
// also encodes (後, 於, 徵, 夥, 摺, 菸, 麽) stay triggers, since they are rare in simplified writing.
const SIMPLIFIED_TOO = new Set('么乾吒著拚捱薹榘袷醣麴');

const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const chars: string[] = [];
for (let c = 0x2e80; c < 0xfffe; c++) {
  if (c >= 0xd800 && c < 0xe000) continue; // surrogates: not characters on their own
  const ch = String.fromCharCode(c);
  if (hk(tw(ch)) !== ch && !SIMPLIFIED_TOO.has(ch)) chars.push(ch);
}
// One line per 100 characters, so diffs stay readable.
const lines: string[] = [];
for (let i = 0; i < chars.length; i += 100) lines.push(chars.slice(i, i + 100).join(''));
writeFileSync(new URL('../data/traditional-chars.txt', import.meta.url), `${lines.join('\n')}\n`);
console.log(`${chars.length} characters written`);
