import type { GeoPoint, PlaceInput } from '@fugong/schemas';
import { placeFromAddress, resolvePlace, suggestPlaces } from '@fugong/text';

/** A place as stored on documents: codes from province down (so any level filters with one term) and a point. */
export interface PlaceDoc {
  text?: string;
  resolved: boolean;
  code?: string;
  codes?: string[];
  name?: string;
  cityCode?: string;
  provinceCode?: string;
  address?: string;
  location?: GeoPoint;
}

/** Something normalisation could not resolve: kept as text and reported, never guessed silently. */
export interface DocIssue {
  path: string;
  message: string;
  suggestions?: string[];
}

/**
 * Resolves a written place: the district (name or GB/T 2260 code), else the start of the address. Client
 * coordinates win over the district's seat. An unknown district is kept as text with `resolved: false` and an
 * issue naming the field and the nearest valid names.
 */
export function placeDoc(input: PlaceInput, path: string, issues: DocIssue[]): PlaceDoc {
  const place = input.district
    ? resolvePlace(input.district)
    : input.address
      ? placeFromAddress(input.address)
      : undefined;
  if (input.district && !place) {
    issues.push({
      path: `${path}.district`,
      message: `unknown district or city "${input.district}": kept as text, not used for filtering or distance`,
      suggestions: suggestPlaces(input.district, 5).map((p) => p.fullName),
    });
  }
  const location = input.location ?? place?.location;
  return {
    ...(input.district ? { text: input.district } : {}),
    resolved: Boolean(place),
    ...(place
      ? {
          code: place.code,
          codes: place.path,
          name: place.name,
          provinceCode: place.provinceCode,
          ...(place.cityCode ? { cityCode: place.cityCode } : {}),
        }
      : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(location ? { location: { lat: location.lat, lon: location.lon } } : {}),
  };
}
