import { z } from 'zod';

const Issue = z.object({
  path: z.string(),
  message: z.string(),
  suggestions: z.array(z.string()).optional(),
});

/** One item of a bulk report (response schema: what the OpenAPI description shows). */
export const BulkReportItem = z
  .object({
    index: z.number().describe('0-based position among the items'),
    line: z.number().optional().describe('1-based line the item starts on'),
    id: z.string().optional(),
    externalRef: z.string().optional(),
    result: z.enum(['created', 'updated', 'unchanged', 'duplicate', 'rejected']),
    field: z.string().optional().describe('rejections: the first field at fault (a CSV column for CSV)'),
    reason: z.string().optional(),
    duplicateOf: z.string().optional().describe('duplicates: the stored vacancy this one repeats'),
    issues: z.array(Issue).optional().describe('every reason, or warnings on a stored item'),
  })
  .meta({ id: 'BulkReportItem' });

export const BulkSummary = z
  .object({
    received: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    duplicate: z.number(),
    rejected: z.number(),
  })
  .meta({ id: 'BulkSummary' });

export const BulkReport = z
  .object({
    format: z.string(),
    encoding: z.string().optional(),
    summary: BulkSummary,
    complete: z.boolean(),
    items: z.array(BulkReportItem).describe('in input order; at most the first 10,000 (see itemsOmitted)'),
    itemsOmitted: z
      .number()
      .optional()
      .describe(
        'items past the listing bound that the JSON report leaves out (counted in summary); ask for ' +
          '`Accept: application/x-ndjson` to receive every line, or `report=errors`',
      ),
  })
  .meta({ id: 'BulkReport' });
