/**
 * Short forms of Chinese administrative names, shared by the runtime index (places.ts) and the build
 * script (scripts/build-places.ts), so a name written without its suffix (枣庄, 滕州, 薛城, 延边) finds the unit.
 */

// Ethnic group names that appear in autonomous-unit names (恩施土家族苗族自治州 → 恩施). Longer first so
// 蒙古 wins over single characters; single-character names are only stripped together with 族.
const ETHNIC = [
  '柯尔克孜',
  '乌孜别克',
  '维吾尔',
  '哈萨克',
  '塔吉克',
  '俄罗斯',
  '鄂温克',
  '鄂伦春',
  '达斡尔',
  '塔塔尔',
  '蒙古',
  '土家',
  '哈尼',
  '傈僳',
  '拉祜',
  '纳西',
  '景颇',
  '仫佬',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '布依',
  '朝鲜',
  '东乡',
  '撒拉',
  '保安',
  '裕固',
  '独龙',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
  '布朗',
  '德昂',
  '高山',
  '回',
  '藏',
  '苗',
  '彝',
  '壮',
  '满',
  '侗',
  '瑶',
  '白',
  '傣',
  '黎',
  '佤',
  '畲',
  '水',
  '土',
  '羌',
  '怒',
  '京',
];
const ETHNIC_TAIL = new RegExp(
  `(?:${ETHNIC.flatMap((e) => (e.length > 1 ? [`${e}族`, e] : [`${e}族`])).join('|')})$`,
);
const SUFFIXES = [
  '特别行政区',
  '经济开发区',
  '街道办事处',
  '自治区',
  '自治州',
  '自治县',
  '自治旗',
  '开发区',
  '街道',
  '地区',
  '林区',
  '新区',
];
const SINGLE = ['省', '市', '区', '县', '盟', '旗', '镇', '乡'];

/**
 * The short form of an administrative name, or undefined when stripping would leave fewer than two
 * characters (和县 stays 和县; 浦东新区 keeps 浦东). Examples: 枣庄市 → 枣庄, 薛城区 → 薛城,
 * 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 临城街道 → 临城.
 */
export function shortPlaceName(name: string): string | undefined {
  let s = name;
  const suffix = SUFFIXES.find((x) => s.endsWith(x));
  if (suffix) {
    s = s.slice(0, -suffix.length);
    if (suffix.startsWith('自治')) {
      for (let m = s.match(ETHNIC_TAIL); m && s.length - m[0].length >= 2; m = s.match(ETHNIC_TAIL)) {
        s = s.slice(0, -m[0].length);
      }
    }
  } else if (SINGLE.some((x) => s.endsWith(x))) {
    s = s.slice(0, -1);
  }
  return s !== name && s.length >= 2 ? s : undefined;
}
