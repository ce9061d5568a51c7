import { describe, expect, it } from 'vitest';
import { ANY_KEY, apiProcedures, followsTextRule, stringFields } from '../testing/text-inputs.test-support.js';

/**
 * Every string any procedure takes (public, customer, admin and internal, over REST and tRPC)
 * follows @omnicart/contracts' text rule: no NUL, no unpaired surrogate (build it with `text()`,
 * or use an ASCII-only format such as `z.uuid()`). A new field or procedure that forgets it fails
 * here, naming it; testing/text-inputs.integration.test.ts sends those inputs to the running routes.
 */
describe('the text rule on every procedure input', () => {
  it('covers every string field of every procedure of every domain', async () => {
    const procedures = await apiProcedures();
    expect(procedures.length).toBeGreaterThan(30);
    const offenders: string[] = [];
    let fields = 0;
    for (const procedure of procedures) {
      for (const input of procedure.inputs) {
        for (const field of stringFields(input)) {
          fields += 1;
          if (!followsTextRule(field)) {
            const where = field.path.map(String).join('.') || '(the input)';
            offenders.push(`${procedure.domain}.${procedure.name}: ${where}${field.isKey ? ` (a key of ${where})` : ''}`);
          }
        }
      }
    }
    expect(fields).toBeGreaterThan(40);
    expect(offenders, 'build these strings with text() from @omnicart/contracts').toEqual([]);
  });

  it('finds strings inside objects, arrays, records, pipes and wrappers', async () => {
    const { z } = await import('zod');
    const { text } = await import('@omnicart/contracts');
    const schema = z
      .object({
        a: z.string().optional(),
        b: z.array(z.object({ c: text().nullable() })).default([]),
        d: z.record(z.string(), z.string()),
        e: z.string().trim().pipe(z.email()),
        f: z.uuid(),
        g: z.number(),
        h: z.union([z.literal('x'), z.string()]),
      })
      .refine(() => true);
    const found = stringFields(schema).map((field) => ({ path: field.path, isKey: field.isKey, follows: followsTextRule(field) }));
    expect(found).toEqual([
      { path: ['a'], isKey: false, follows: false },
      { path: ['b', 0, 'c'], isKey: false, follows: true },
      { path: ['d'], isKey: true, follows: false },
      { path: ['d', ANY_KEY], isKey: false, follows: false },
      { path: ['e'], isKey: false, follows: false },
      { path: ['f'], isKey: false, follows: true },
      { path: ['h'], isKey: false, follows: false },
    ]);
  });
});
