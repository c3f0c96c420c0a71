// GB 11643-1999: weights of the first 17 digits (2^(18−i) mod 11) and the check character for sum mod 11.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
// Province-level codes (GB/T 2260) that start an ID number; 83 is used on Taiwan residents' residence permits.
const ID_PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

/**
 * Whether `id` is a well-formed 18-character resident identity number (GB 11643-1999): a known province
 * code, a real birth date between 1900-01-01 and today, and a correct check character (x accepted for X).
 */
export function isValidChineseIdNumber(id: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(id) || !ID_PROVINCES.has(id.slice(0, 2))) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth > today) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

// GB 32100-2015: the 31 code characters (no I, O, Z, S, V) and the weights 3^(i) mod 31 of positions 1–17.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Whether `code` is a well-formed unified social credit code (统一社会信用代码, GB 32100-2015): 18
 * characters from the code set (lowercase accepted), a 6-digit administrative division code in positions
 * 3–8, and a correct check character (position 18).
 */
export function isValidCreditCode(code: string): boolean {
  const c = code.toUpperCase();
  if (c.length !== 18 || !/^\d{6}$/.test(c.slice(2, 8))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(c[i]!);
    if (v < 0) return false;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31] === c[17];
}

/** A person's name for display to those who may not see it: the first character, then one * per other character (张三丰 → 张**). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * A phone number for display: spaces and hyphens dropped, a +86/86 prefix removed from mobile numbers,
 * then the first 3 and last 4 digits kept (13812345678 → 138****5678); shorter numbers keep the last 2.
 */
export function maskPhone(phone: string): string {
  let p = phone.replace(/[\s-]/g, '');
  if (/^(\+?86)1\d{10}$/.test(p)) p = p.slice(p.length - 11);
  if (p.length >= 7) return p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4);
  return '*'.repeat(Math.max(0, p.length - 2)) + p.slice(-2);
}
