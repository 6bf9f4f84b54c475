// What can be known about a pushed mutation without the database: its hash
// (for replays, rule 9) and its parsed payload or the reason it is refused.
// Pure, so a worker thread can do it for a big push (server/prepare-pool.ts)
// while the event loop serves other devices, and give the same answer.
import { hash } from 'node:crypto';
import {
  describeZodError,
  isMutationType,
  MUTATIONS,
  parsePayload,
  type MutationEnvelope,
  type MutationType,
  type TypedPayload,
} from '../../protocol/schemas.ts';
import { HANDLERS } from './handlers/index.ts';
import type { Decision } from './handler.ts';
import { pushProblem } from '../../protocol/push-problems.ts';

/** An object's keys as Object.keys lists them, in sorted order, and quoted for output. */
interface Shape {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly quoted: readonly string[];
}

/**
 * Sorted key lists by the object's first key. Payloads are made by one app,
 * so a few dozen shapes repeat; matching a key list is cheaper than sorting
 * and quoting it again. Bounded: a hostile payload's odd shapes are sorted
 * each time and never kept.
 */
const shapes = new Map<string, Shape[]>();

function shapeOf(keys: readonly string[]): Shape {
  const head = keys[0] ?? '';
  const known = shapes.get(head);
  if (known) {
    next: for (const s of known) {
      if (s.keys.length !== keys.length) continue;
      for (let i = 0; i < keys.length; i++) if (s.keys[i] !== keys[i]) continue next;
      return s;
    }
  }
  // Default sort: UTF-16 code units, as a < b compares.
  const sorted = [...keys].sort();
  const shape: Shape = { keys, sorted, quoted: sorted.map((k) => JSON.stringify(k)) };
  if (keys.length <= 64) {
    if (known) {
      if (known.length < 8) known.push(shape);
    } else if (shapes.size < 256) {
      shapes.set(head, [shape]);
    }
  }
  return shape;
}

/**
 * JSON with sorted keys, so the same mutation always hashes the same. Stored
 * hashes depend on this exact text: a rewrite must give identical output.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // What JSON.stringify writes for a number, without the call.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value) ?? 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const { sorted, quoted } = shapeOf(Object.keys(obj));
  let out = '{';
  let first = true;
  for (let i = 0; i < sorted.length; i++) {
    const v = obj[sorted[i] ?? ''];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${quoted[i] ?? ''}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** Stored hashes depend on this exact text: see canonicalJson. */
export function mutationHash(m: Pick<MutationEnvelope, 'type' | 'payload'>): string {
  // One-shot: no Hash object per mutation.
  return hash('sha256', canonicalJson({ type: m.type, payload: m.payload }), 'hex');
}

export type { Decision };
/** A payload parsed for its kind, or why it is refused before the database is asked anything. */
export type Parsed = TypedPayload | { refusal: Decision };

/**
 * A mutation as the push transaction needs it: the envelope without its raw
 * payload, the payload's hash, and the parsed payload or its refusal. Plain
 * JSON, so it crosses from a worker as one string.
 */
export interface PreparedMutation {
  seq: number;
  id: string;
  type: string;
  deviceTime: number;
  hash: string;
  parsed: Parsed;
}

/** Everything about a mutation that needs no database, checked in the order the answers take precedence. */
export function parseMutation(m: MutationEnvelope, deviceId: string): Parsed {
  if (!isMutationType(m.type)) {
    const type = printable(m.type);
    return { refusal: { status: 'rejected', reason: `unknown mutation type "${type}"; update the app`, problem: pushProblem('unknown-type', { type }) } };
  }
  return parseKnown(m.type, m.payload, deviceId);
}

function parseKnown<K extends MutationType>(type: K, payload: unknown, deviceId: string): Parsed {
  const r = parsePayload(type, payload);
  if (!r.success) {
    const problem = describeZodError(r.error);
    return {
      refusal: { status: 'rejected', reason: `${MUTATIONS[type].refusedAs}: ${problem.message}`, problem: pushProblem('invalid-payload', { field: problem.field ?? '' }) },
    };
  }
  const typed = { type, payload: r.data } as TypedPayload;
  const refusal = HANDLERS[type].refuse?.(r.data, deviceId) ?? null;
  return refusal ? { refusal } : typed;
}

export function prepareMutation(m: MutationEnvelope, deviceId: string): PreparedMutation {
  return { seq: m.seq, id: m.id, type: m.type, deviceTime: m.deviceTime, hash: mutationHash(m), parsed: parseMutation(m, deviceId) };
}

/** PostgreSQL text cannot hold U+0000; a type is only ever shown, so it is shown escaped. */
export function printable(text: string): string {
  return text.replaceAll('\u0000', '\\u0000');
}
