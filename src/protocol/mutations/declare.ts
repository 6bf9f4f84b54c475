import type { z } from 'zod';

/**
 * One kind of synced change, as both ends know it. The payload schema is the
 * whole wire contract of the kind: the device parses with it before queueing,
 * the server before deciding; the OpenAPI document names it per type.
 */
export interface MutationDeclaration<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly payload: S;
  /** How a payload that does not fit is refused: "invalid sale: lines.0.qty: Too small". */
  readonly refusedAs: string;
}

/** Keeps the literal type of `type`, so the registry's keys are the kinds' own names. */
export function declareMutation<const T extends string, S extends z.ZodType>(d: MutationDeclaration<T, S>): MutationDeclaration<T, S> {
  return d;
}
