/** A point in decimal degrees (WGS-84 or, for the bundled place centres, GCJ-02; they differ by < 1 km). */
export interface LatLon {
  lat: number;
  lon: number;
}

const EARTH_RADIUS_KM = 6371.0088; // mean radius (IUGG)
const RAD = Math.PI / 180;

/** Great-circle distance in kilometres (haversine formula; ~0.5 % error from the Earth's flattening). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
