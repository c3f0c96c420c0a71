import { decideFirm, zodIssues } from '@fugong/http';
import { type FieldIssue, Id, type Principal, VacancyInput } from '@fugong/schemas';
import type { VacancyWrite } from '../vacancies/store.ts';

/**
 * Whose vacancies an upload may write: the caller (an employer only its own firm's; the bureau any) and the
 * firm of items that name none (the upload's `?firmId=`).
 */
export interface FirmScope {
  principal: Extract<Principal, { role: 'bureau' | 'employer' }>;
  defaultFirmId?: string;
}

/**
 * Turns one raw item (the single-vacancy body plus `externalRef`) into a write, or the issues that reject it.
 * Validation is the single-document schema's own (strict: unknown fields are named), so a bulk item and a PUT
 * accept exactly the same vacancies.
 */
export function itemToWrite(
  raw: Record<string, unknown>,
  scope: FirmScope,
  index: number,
): { write: VacancyWrite } | { issues: FieldIssue[]; externalRef?: string; firmId?: string } {
  const { externalRef: rawRef, ...rest } = raw;
  const refText = typeof rawRef === 'number' ? String(rawRef) : rawRef;
  const ref = Id.safeParse(refText);
  const externalRef = typeof refText === 'string' ? refText : undefined;
  const issues: FieldIssue[] = [];
  if (!ref.success) {
    issues.push({
      path: 'externalRef',
      message:
        refText === undefined
          ? "required: the employer's own reference for this vacancy (re-sending it updates instead of copying)"
          : (ref.error.issues[0]?.message ?? 'invalid'),
    });
  }
  const given = typeof rest['firmId'] === 'string' ? rest['firmId'] : undefined;
  let firmId: string | undefined;
  // The shared rule (as for a single PUT), asked without an exception per item; a refusal is this item's
  // issue, worded for an upload.
  const decision = decideFirm(scope.principal, given ?? scope.defaultFirmId);
  if ('firmId' in decision) firmId = decision.firmId;
  else if (decision.refused === 'other_firm')
    issues.push({
      path: 'firmId',
      message: `an employer key writes only its own firm's vacancies (${scope.principal.role === 'employer' ? scope.principal.firmId : ''}), not ${given}`,
    });
  else
    issues.push({
      path: 'firmId',
      message: 'required for the bureau: give firmId on the item or ?firmId= for the upload',
    });
  const parsed = VacancyInput.safeParse(firmId ? { ...rest, firmId } : rest);
  if (!parsed.success) issues.push(...zodIssues(parsed.error));
  if (issues.length > 0 || !parsed.success || !ref.success || !firmId) {
    return { issues, ...(externalRef ? { externalRef } : {}), ...(firmId ? { firmId } : {}) };
  }
  return { write: { index, firmId, externalRef: ref.data, input: parsed.data } };
}
