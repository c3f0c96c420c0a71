/**
 * Zaozhuang's six county-level districts, with approximate centre points: the "distance from a district"
 * choice of the results page when a visitor does not share a location. Codes are GB/T 2260.
 */
export const DISTRICTS = [
  { code: '370402', name: '市中区', lat: 34.8646, lon: 117.5566 },
  { code: '370403', name: '薛城区', lat: 34.7952, lon: 117.2632 },
  { code: '370404', name: '峄城区', lat: 34.7728, lon: 117.5906 },
  { code: '370405', name: '台儿庄区', lat: 34.5626, lon: 117.7341 },
  { code: '370406', name: '山亭区', lat: 35.0994, lon: 117.4617 },
  { code: '370481', name: '滕州市', lat: 35.1138, lon: 117.1653 },
] as const;

/**
 * Names of the other cities the statistics may group by (workers placed in or sent to them). The statistics
 * API answers codes only, so the portal names the ones it knows; others show as their code.
 */
export const PLACE_NAMES: Record<string, string> = {
  ...Object.fromEntries(DISTRICTS.map((d) => [d.code, d.name])),
  '370400': '枣庄市',
  '370100': '济南市',
  '370200': '青岛市',
  '370800': '济宁市',
  '371300': '临沂市',
  '320300': '徐州市',
  '310100': '上海市',
  '330200': '宁波市',
  '330100': '杭州市',
  '440300': '深圳市',
  '530600': '昭通市',
  '110100': '北京市',
};
