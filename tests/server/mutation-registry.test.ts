// The registry is the one list of kinds: a kind declared without its server
// handler or its device bookkeeping does not compile, and a type outside it
// is refused alone, before any handler runs.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { KIND_BOOKKEEPING, type BookkeepingFor } from '../../src/client/db/mutation-kinds.ts';
import { declareMutation } from '../../src/protocol/mutations/declare.ts';
import { isMutationType, MUTATION_TYPES, MUTATIONS, PROTOCOL_VERSION } from '../../src/protocol/schemas.ts';
import { HANDLERS, type HandlersFor } from '../../src/server/sync/handlers/index.ts';
import { parseMutation, printable } from '../../src/server/sync/prepare.ts';

// A throwaway kind, as the next feature would add one.
const FIXTURE_REGISTRY = {
  ...MUTATIONS,
  'stock.teleport': declareMutation({ type: 'stock.teleport', payload: z.object({ productId: z.string() }), refusedAs: 'invalid teleport' }),
};

describe('the mutation registry', () => {
  it('refuses to build without a handler or bookkeeping for a declared kind', () => {
    // @ts-expect-error 'stock.teleport' has no server handler
    const handlers: HandlersFor<typeof FIXTURE_REGISTRY> = { ...HANDLERS };
    // @ts-expect-error 'stock.teleport' has no device bookkeeping
    const books: BookkeepingFor<typeof FIXTURE_REGISTRY> = { ...KIND_BOOKKEEPING };
    // With them, it builds; the handler's payload is the kind's own.
    const withHandler: HandlersFor<typeof FIXTURE_REGISTRY> = {
      ...HANDLERS,
      'stock.teleport': {
        needs: (p, n) => n.products([p.productId]),
        decide: () => ({ status: 'applied', reason: null }),
      },
    };
    expectTypeOf(withHandler['stock.teleport'].needs).parameter(0).toEqualTypeOf<{ productId: string }>();
    expect(Object.keys(FIXTURE_REGISTRY)).toEqual([...MUTATION_TYPES, 'stock.teleport']);
    expect(Object.keys(handlers)).toEqual(MUTATION_TYPES);
    expect(Object.keys(books)).toEqual(MUTATION_TYPES);
  });

  it('lists each kind once, under its own name, with a handler and bookkeeping', () => {
    expect(MUTATION_TYPES).toEqual(['sale.record', 'sale.void', 'cart.void', 'flag.resolve', 'stock.receive', 'stock.adjust', 'transfer.send', 'transfer.receive', 'stock.count', 'payment.confirm', 'shift.open', 'cash.move', 'shift.close', 'shift.slip', 'shift.merge']);
    for (const type of MUTATION_TYPES) {
      expect(MUTATIONS[type].type).toBe(type);
      expect(HANDLERS[type]).toBeDefined();
      expect(KIND_BOOKKEEPING[type]).toBeDefined();
    }
  });

  it('refuses an unknown kind alone, naming it, and never reads it as another kind', () => {
    const sale = { sale: {}, stockEvents: [] };
    for (const type of ['sale.teleport', '__proto__', 'toString', 'constructor', 'SALE.RECORD', 'sale.record ']) {
      expect(isMutationType(type)).toBe(false);
      const parsed = parseMutation({ seq: 1, id: 'm1', type, payload: sale, deviceTime: 0 }, 'dev-1');
      expect(parsed).toEqual({
        refusal: { status: 'rejected', reason: expect.stringContaining('unknown mutation type'), problem: { code: 'unknown-type', params: { type: printable(type) }, flags: [] } },
      });
    }
    expect(PROTOCOL_VERSION).toBe(1);
  });

  it('names the payload that does not fit in its kind\'s own words', () => {
    const r = parseMutation({ seq: 1, id: 'm1', type: 'cart.void', payload: { id: 'x' }, deviceTime: 0 }, 'dev-1');
    expect('refusal' in r && r.refusal.reason).toMatch(/^invalid cart void: /);
  });
});

describe('the outbox writer', () => {
  it('is the only device code that takes a seq', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const files = (await readdir('src/client', { recursive: true })).filter((f) => /\.tsx?$/.test(f));
    const takers: string[] = [];
    for (const f of files) {
      const text = await readFile(join('src/client', f), 'utf8');
      if (/nextSeq\s*:\s*(?!\s|1\b|number\b)|nextSeq\s*\+|\.outbox\.(add|put|bulkAdd|bulkPut)\(/.test(text)) takers.push(f);
    }
    expect(takers).toEqual(['db/outbox-repo.ts']);
  });
});
