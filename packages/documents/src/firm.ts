import type { FairInput, FirmInput } from '@fugong/schemas';
import { indexText, normalizeText, type Place } from '@fugong/text';

/**
 * A firm as stored: segmented name, place codes from province down, the key-enterprise flag as a boolean for
 * filters. `place` is the already resolved district (the route refuses an unknown one; the caller decides).
 */
export function firmDocument(id: string, input: FirmInput, place: Place | undefined, now: Date) {
  const location = input.place.location ?? place?.location;
  return {
    id,
    name: input.name,
    nameSeg: indexText(input.name),
    creditCode: input.creditCode.toUpperCase(),
    industry: normalizeText(input.industry),
    place: {
      ...(place ? { code: place.code, name: place.name, codes: place.path } : {}),
      ...(input.place.address ? { address: input.place.address } : {}),
      ...(location ? { location } : {}),
    },
    ...(input.size ? { size: input.size } : {}),
    keyEnterprise: input.keyEnterprise ?? null,
    isKeyEnterprise: Boolean(input.keyEnterprise),
    ...(input.contact ? { contact: input.contact } : {}),
    updatedAt: now.toISOString(),
  };
}

/** A fair as stored: segmented name, participating firms without repeats. */
export function fairDocument(id: string, input: FairInput, now: Date) {
  return {
    id,
    name: input.name,
    nameSeg: indexText(input.name),
    ...(input.description ? { description: input.description } : {}),
    startDate: input.startDate,
    endDate: input.endDate,
    online: input.online,
    firmIds: [...new Set(input.firmIds)],
    updatedAt: now.toISOString(),
  };
}
