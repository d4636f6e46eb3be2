import { z } from 'zod';

// A numeric exercise written in the web editor instead of code. Stored as
// JSON (in the database, or exported to a folder); every version a student
// started is kept, identified by authoredVersionHash. Our own messages are
// keys of messages/*.json, written in the editor's language by lib/forms/messages.ts.

const ZName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'validation.details.nameRule');

export const ZAuthoredParam = z.union([
  z
    .object({
      name: ZName,
      min: z.number().finite(),
      max: z.number().finite(),
      /** values are min, min+step, ... up to max; default 1 */
      step: z.number().positive().finite().optional(),
    })
    .strict()
    .refine((p) => p.min <= p.max, { error: 'validation.details.minMax', path: ['max'] }),
  z
    .object({
      name: ZName,
      choices: z.array(z.number().finite()).min(1),
    })
    .strict(),
]);
export type AuthoredParam = z.infer<typeof ZAuthoredParam>;

export const ZAuthoredTolerance = z
  .object({
    /** |a − e| ≤ relative·|e| */
    relative: z.number().min(0).default(1e-6),
    /** |a − e| ≤ absolute, e.g. 0.0005 for "round to 3 decimals" */
    absolute: z.number().min(0).default(0),
  })
  .strict();

export const ZAuthoredField = z
  .object({
    name: ZName,
    label: z.string().min(1),
    type: z.enum(['integer', 'real']),
    /** mathjs expression over the params, e.g. "floor((n + 2*p - k) / s) + 1" */
    formula: z.string().min(1),
    /** real fields only (integers compare exactly); defaults as ZExerciseMeta's tolerance */
    tolerance: ZAuthoredTolerance.optional(),
    unit: z.string().optional(),
  })
  .strict();
export type AuthoredField = z.infer<typeof ZAuthoredField>;

export const ZAuthoredNumeric = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'validation.details.kebab'),
    title: z.string().min(1),
    week: z.number().int().min(1),
    points: z.number().positive(),
    /** Markdown with KaTeX ($...$, $$...$$) and {{param}} placeholders */
    prompt: z.string().min(1),
    params: z.array(ZAuthoredParam).default([]),
    /** boolean formulas over the params; variants are redrawn until all hold */
    constraints: z.array(z.string().min(1)).default([]),
    fields: z.array(ZAuthoredField).min(1),
    /** optional worked solution shown after the deadline: {{param}} and {{field}} placeholders */
    solution: z.string().optional(),
  })
  .strict()
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    for (const [kind, list] of [
      ['params', def.params],
      ['fields', def.fields],
    ] as const) {
      list.forEach((item, i) => {
        if (seen.has(item.name)) ctx.addIssue({ code: 'custom', path: [kind, i, 'name'], message: 'validation.details.usedTwice', params: { name: item.name } });
        seen.add(item.name);
      });
    }
  });
export type AuthoredNumeric = z.infer<typeof ZAuthoredNumeric>;
export type AuthoredNumericInput = z.input<typeof ZAuthoredNumeric>;
