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
