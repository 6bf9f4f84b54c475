// The back office's outlets and producers on the wire: what an admin sends to
// create or change one and what the list answers. The rules beyond shape
// (booth dates, QRIS, levy sums) are domain/outlet-settings.ts and
// domain/producer.ts, run on both ends.
import { z } from 'zod';
import { id, outletSettingsSchema, text } from './common.ts';

const businessDay = text().regex(/^\d{4}-\d{2}-\d{2}$/);
const bp = z.number().int().min(0).max(10_000);

export const outletWriteSchema = z.object({
  name: text().min(1).max(200),
  kind: z.enum(['store', 'booth', 'showroom']),
  address: text().max(500),
  active: z.boolean(),
  startDate: businessDay.nullable(),
  endDate: businessDay.nullable(),
  homeOutletId: id.nullable(),
  lapas: text().max(200).nullable(),
  discountLimitBp: bp,
  settings: outletSettingsSchema,
});
export const createOutletRequestSchema = outletWriteSchema.extend({ id });

export const adminOutletSchema = createOutletRequestSchema.extend({
  /** The catalog version of its last change. */
  version: z.number().int().min(0),
});
export const adminOutletListSchema = z.object({ outlets: z.array(adminOutletSchema) });

const termSchema = z.object({ kind: z.enum(['fee', 'margin']), bp });

export const levyRuleSchema = z.object({
  validFrom: businessDay,
  premiBp: bp,
  pnbpBp: bp,
  modalBp: bp,
  base: z.enum(['sales', 'profit']),
  source: text().max(300),
});

export const payoutAccountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bank'), bank: text().max(100), number: text().max(40), holder: text().max(200) }),
  z.object({ kind: z.literal('ewallet'), provider: text().max(100), number: text().max(40), holder: text().max(200) }),
]);

export const producerWriteSchema = z.object({
  name: text().min(1).max(200),
  kind: z.enum(['lapas', 'umkm']),
  lapas: text().max(200).nullable(),
  contactName: text().max(200),
  contactPhone: text().max(40),
  payout: payoutAccountSchema.nullable(),
  receiptLine: text().max(200).nullable(),
  consignment: z.boolean(),
  terms: z.object({ default: termSchema, byCategory: z.array(z.object({ category: text().min(1).max(100), term: termSchema })).max(200) }),
  levyRules: z.array(levyRuleSchema).max(200),
  active: z.boolean(),
});
export const createProducerRequestSchema = producerWriteSchema.extend({ id });

export const adminProducerSchema = createProducerRequestSchema.extend({
  version: z.number().int().min(0),
  /** Products naming it: a producer with products is deactivated, never deleted. */
  productCount: z.number().int().min(0),
});
export const adminProducerListSchema = z.object({ producers: z.array(adminProducerSchema) });

export type OutletWrite = z.infer<typeof outletWriteSchema>;
export type CreateOutletRequest = z.infer<typeof createOutletRequestSchema>;
export type AdminOutlet = z.infer<typeof adminOutletSchema>;
export type ProducerWrite = z.infer<typeof producerWriteSchema>;
export type CreateProducerRequest = z.infer<typeof createProducerRequestSchema>;
export type AdminProducer = z.infer<typeof adminProducerSchema>;
