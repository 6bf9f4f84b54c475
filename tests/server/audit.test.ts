// The audit log: appended with the act it records, read newest first in
// pages, and append-only in the database itself on both engines. Also the
// other loaders exported for the push-time approval checks.
import { MIGRATIONS } from '../../src/server/store/migrations.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditListSchema } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, ROUTES } from '../../src/protocol/routes.ts';
import { outletDiscountLimits } from '../../src/server/accounts/accounts.ts';
import { appendAudit, listAudit } from '../../src/server/accounts/audit.ts';
import { DEMO_OUTLETS } from '../../src/server/seed-data.ts';
import { adminToken, backends, bearer, errorOf, get, pull, serverPerTest, type TestServer } from './helpers.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { auditNote } from '../../src/protocol/audit-notes.ts';

describe.each(backends)('audit log ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  async function fill(n: number): Promise<void> {
    await server.store.db.tx(async (tx) => {
      for (let i = 1; i <= n; i++) await appendAudit(tx, { at: 1_780_000_000_000 + i, action: 'sale.void', deviceId: 'd1', outletId: 'ntb-mall', subject: `sale-${i}`, detail: `void ${i}`, note: auditNote('sale.voided', { amount: i, method: 'cash', approverId: 'u-spv', reason: `void ${i}` }) });
    });
  }

  it('lists newest first, and `before` pages back until nothing is left', async () => {
    const admin = bearer(await adminToken(url));
    await fill(7);
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const q = new URLSearchParams({ limit: '3', ...(before === undefined ? {} : { before: String(before) }) });
      const res = await get(url, `${AUTH_ROUTES.audit}?${q.toString()}`, admin);
      expect(res.status).toBe(200);
      const { entries } = auditListSchema.parse(res.body);
      if (entries.length === 0) break;
      expect(entries.length).toBeLessThanOrEqual(3);
      seen.push(...entries.map((e) => `${e.action}:${e.subject ?? ''}:${e.note?.code ?? 'none'}`));
      before = entries[entries.length - 1]?.id;
    }
    // The test admin's creation comes first of all.
    // Each with its note, for the screen to word.
    expect(seen).toEqual([...Array.from({ length: 7 }, (_, i) => `sale.void:sale-${7 - i}:sale.voided`), expect.stringMatching(/^user\.create:.*:user\.created$/)]);
    const bad = await get(url, `${AUTH_ROUTES.audit}?limit=0`, admin);
    expect(errorOf(bad).field).toBe('limit');
  });

  it('the database refuses to change or delete an entry, whoever asks', async () => {
    await fill(2);
    const before = await server.store.db.tx((tx) => listAudit(tx, {}));
    const attempts = [
      "UPDATE audit_log SET detail = 'nothing happened'",
      "UPDATE audit_log SET action = 'user.update' WHERE subject = 'sale-1'",
      'DELETE FROM audit_log',
      "DELETE FROM audit_log WHERE subject = 'sale-2'",
      ...(server.store.db.dialect === 'postgres' ? ['TRUNCATE audit_log'] : []),
    ];
    for (const sql of attempts) await expect(server.store.db.run(sql), sql).rejects.toThrow(/append-only/);
    expect(await server.store.db.tx((tx) => listAudit(tx, {}))).toEqual(before);
  });

  it('an entry appended in a transaction that fails is gone with the act it recorded', async () => {
    const count = async () => (await server.store.db.tx((tx) => listAudit(tx, {}))).length;
    const n = await count();
    await expect(
      server.store.db.tx(async (tx) => {
        await appendAudit(tx, { at: 1, action: 'device.revoke', detail: 'revoked', note: auditNote('device.revoked-unused', { label: 'Tablet' }) });
        throw new Error('the act failed');
      }),
    ).rejects.toThrow('the act failed');
    expect(await count()).toBe(n);
  });

  it('a long detail is cut to what the wire allows, and a NUL cannot fail the act', async () => {
    const admin = bearer(await adminToken(url));
    await server.store.db.tx((tx) => appendAudit(tx, { at: 1, action: 'approval.forged', subject: 's'.repeat(500), detail: `a\u0000b${'x'.repeat(5000)}`, note: auditNote('approval.forged', { kind: 'refund', approverId: 'u-x', lineId: null, detail: `a\u0000b${'x'.repeat(5000)}` }) }));
    const res = await get(url, AUTH_ROUTES.audit, admin);
    const [entry] = auditListSchema.parse(res.body).entries;
    expect(entry?.detail.startsWith('a\\u0000b')).toBe(true);
    expect(entry?.detail).toHaveLength(2000);
    expect(entry?.subject).toHaveLength(200);
  });

  it('outlets carry a discount limit (default 10%), in the pull and through outletDiscountLimits', async () => {
    const [first, second] = DEMO_OUTLETS;
    if (!first || !second) throw new Error('demo outlets');
    await upsertCatalog(server.store, { outlets: [{ ...first, discountLimitBp: 2_500 }] });
    const limits = await server.store.db.tx((tx) => outletDiscountLimits(tx, [first.id, second.id, 'toko-hantu']));
    expect(limits).toEqual(new Map([[first.id, 2_500], [second.id, 1_000]]));
    const p = await pull(url, 0);
    expect(p.outlets.find((o) => o.id === first.id)?.discountLimitBp).toBe(2_500);
    expect(p.outlets.find((o) => o.id === second.id)?.discountLimitBp).toBe(1_000);
    // The pull route still answers what it did before the column existed, plus the limit.
    expect((await get(url, `${ROUTES.pull}?since=0`, bearer(await adminToken(url)))).status).toBe(200);
  });
});

describe.each(backends)('migration 4 on an existing database ($name)', (backend) => {
  let server: TestServer | null = null;
  beforeEach(() => {
    server = null;
  });
  afterEach(async () => {
    await server?.close();
  });

  it('runs once: migrating again changes nothing and keeps the log', async () => {
    const { startTestServer } = await import('./helpers.ts');
    server = await startTestServer(backend);
    await server.store.db.tx((tx) => appendAudit(tx, { at: 1, action: 'user.update', detail: 'kept', note: auditNote('user.renamed', { username: 'a', from: 'A', to: 'B' }) }));
    await server.store.migrate();
    const rows = await server.store.db.all('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect((await server.store.db.tx((tx) => listAudit(tx, {}))).map((e) => e.detail)).toEqual(['kept']);
  });
});
