// The codes of a pushed mutation's problem and their parameters, without zod:
// the counter words them in its first download (push-problems.ts is the schema).
import type { Flag } from './flags.ts';

/** What a repeated or taken id, or an already-stored act, is of. */
export type PushSubject = 'sale' | 'return' | 'resolution' | 'confirmation' | 'stock-doc';

export interface PushProblemParams {
  /** Stored and kept; each flag says what a supervisor should look at. */
  flagged: Record<string, never>;
  'sale-other-device': { receipt: string; owner: string };
  'sale-line-too-large': { receipt: string; name: string; qty: number; max: number };
  'sale-total-too-large': { receipt: string; total: number; max: number };
  'already-stored': { what: PushSubject; ref: string };
  'id-repeated': { ref: string; id: string };
  'id-taken': { ref: string; id: string };
  'not-a-reviewer': { userId: string; outletId: string };
  'resolve-other-outlet': { enrolled: string; asked: string };
  'subject-missing': { what: 'sale' | 'return' | 'stock-doc'; ref: string };
  'subject-other-outlet': { what: 'sale' | 'return' | 'stock-doc'; ref: string; outletId: string; asked: string };
  'mutation-id-reused': { seq: number };
  'seq-never-stored': { seq: number; lastSeq: number };
  'seq-reused': { seq: number };
  'unknown-type': { type: string };
  'invalid-payload': { field: string };
}

export type PushProblemCode = keyof PushProblemParams;
export type PushProblem = { [K in PushProblemCode]: { code: K; params: PushProblemParams[K]; flags: Flag[] } }[PushProblemCode];

export const PUSH_PROBLEM_CODES = Object.keys({
  flagged: 1,
  'sale-other-device': 1,
  'sale-line-too-large': 1,
  'sale-total-too-large': 1,
  'already-stored': 1,
  'id-repeated': 1,
  'id-taken': 1,
  'not-a-reviewer': 1,
  'resolve-other-outlet': 1,
  'subject-missing': 1,
  'subject-other-outlet': 1,
  'mutation-id-reused': 1,
  'seq-never-stored': 1,
  'seq-reused': 1,
  'unknown-type': 1,
  'invalid-payload': 1,
} satisfies Record<PushProblemCode, 1>) as PushProblemCode[];

export function pushProblem<K extends PushProblemCode>(code: K, params: PushProblemParams[K], flags: Flag[] = []): PushProblem {
  return { code, params, flags } as PushProblem;
}

export function isPushProblemCode(code: string): code is PushProblemCode {
  return (PUSH_PROBLEM_CODES as readonly string[]).includes(code);
}
