/**
 * Rough timings of the hot paths (the figures in README.md):
 *   pnpm --filter @fugong/text bench
 */
import {
  indexText,
  normalizeText,
  queryTokens,
  resolveOccupations,
  resolvePlace,
  segment,
} from '../src/index.ts';

// A 100-character posting in simplified Chinese, and the same in traditional characters (Taiwan wording).
const SIMPLIFIED =
  '枣庄市薛城区某大型防护服生产企业招聘普工、缝纫工、叉车司机若干名，要求身体健康，年龄18至45周岁，月薪4500至6000元，' +
  '包吃包住，缴纳五险一金，工作地点在临城街道，欢迎有意者前来面试，联系人张先生。';
const TRADITIONAL =
  '棗莊市薛城區某大型防護服生產企業招聘普工、縫紉工、堆高機司機若干名，要求身體健康，年齡18至45周歲，月薪4500至6000元，' +
  '包吃包住，繳納五險一金，工作地點在臨城街道，歡迎有意者前來面試，聯繫人張先生。';

function time(label: string, n: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(n, 1000); i++) fn(i); // warm up (and load dictionaries)
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `${label.padEnd(44)} ${n} calls  ${ms.toFixed(0).padStart(6)} ms  ${((ms * 1000) / n).toFixed(1)} µs/call`,
  );
}

const loadStart = process.hrtime.bigint();
segment('预热');
console.log(
  `first segment() call (loads jieba + dictionaries): ${Number(process.hrtime.bigint() - loadStart) / 1e6} ms`,
);
console.log(`texts: ${SIMPLIFIED.length} and ${TRADITIONAL.length} characters`);
time('normalizeText, simplified', 10_000, () => normalizeText(SIMPLIFIED));
time('normalizeText, traditional', 10_000, () => normalizeText(TRADITIONAL));
time('segment, simplified 100 chars', 10_000, () => segment(SIMPLIFIED));
time('segment, traditional 100 chars', 10_000, () => segment(TRADITIONAL));
time('indexText, simplified 100 chars', 10_000, () => indexText(SIMPLIFIED));
time('resolveOccupations, same text', 10_000, () => resolveOccupations(SIMPLIFIED));
time('queryTokens, "薛城 普工 包吃住"', 10_000, () => queryTokens('薛城 普工 包吃住'));
time('resolvePlace, "枣庄市薛城区"', 10_000, () => resolvePlace('枣庄市薛城区'));
