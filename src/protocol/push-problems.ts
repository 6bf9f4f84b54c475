// Why the server flagged, refused or already had a pushed mutation, as a code
// with parameters (and the flags themselves), so a device words it in the
// cashier's language with product names. `reason` stays English for API
// clients and logs.
import { z } from 'zod';
import { text } from './common.ts';
import { flagSchema } from './flags.ts';

export * from './push-problem-codes.ts';

/** The code is any string on the wire: an older app shows `reason` for a code it does not know. */
export const pushProblemSchema = z.object({
  code: text().min(1).max(64),
  params: z.object({}).catchall(z.union([text().max(1000), z.number(), z.boolean(), z.null()])),
  flags: z.array(flagSchema).max(500),
});
export type WirePushProblem = z.infer<typeof pushProblemSchema>;
