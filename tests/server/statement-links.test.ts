// A statement's share link on both engines: made only for an approved or paid
// settlement, kept hashed, opening that statement alone without signing in,
// answering 404 for a token no link has and 410 once expired or revoked;
// the token opens nothing else of the store; each act audited.
import { beforeEach, describe, expect, it } from 'vitest';
import { SETTLEMENT_ROUTES as R } from '../../src/protocol/routes.ts';
import { madeLinkSchema, settlementWithLinksSchema, sharedStatementSchema, STATEMENT_LINK_DAYS, type SettlementWithLinks } from '../../src/protocol/settlement.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { sha256 } from '../../src/server/accounts/tokens.ts';
import { str } from '../../src/server/store/db.ts';
import { adminSession, backends, bearer, errorOf, get, jsonWith, post, push, serverPerTest, TestDevice, type TestServer } from './helpers.ts';

const UMKM = 'umkm-dapur-sasak';
const LAPAS = 'lapas-mataram';
const at = (path: string, id: string) => path.replace(':settlementId', id);
const noon = (d: string) => Date.parse(`${d}T04:00:00Z`);
const DAY = 86_400_000;

describe.each(backends)('statement share links ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let admin: string;
  let clock = noon('2026-05-02');
  serverPerTest(
    backend,
    (s) => {
      server = s;
      url = s.baseUrl;
    },
    { now: () => clock },
  );
  beforeEach(async () => {
    clock = noon('2026-05-02');
    admin = await adminSession(server.store);
    await server.store.db.run('UPDATE producers SET terms = ? WHERE id = ?', [JSON.stringify({ default: { kind: 'fee', bp: 2000 }, byCategory: [] }), UMKM]);
    await server.store.db.run("INSERT INTO producer_levy_rules (producer_id, valid_from, premi_bp, pnbp_bp, modal_bp, base, source) VALUES (?, '2026-01-01', 5000, 1500, 3500, 'sales', 'uji')", [LAPAS]);
    const d = new TestDevice();
    const sales = [d.sell([{ product: 'PGN-002', qty: 3 }], { createdAt: noon('2026-04-06') }), d.sell([{ product: 'CKL-001', qty: 1 }], { createdAt: noon('2026-04-07') })];
    expect((await push(url, d.id, sales)).results.map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  const draft = async (producerId: string): Promise<SettlementWithLinks> => {
    const res = await post(url, R.list, { producerId, from: '2026-04-01', to: '2026-04-30' }, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return settlementWithLinksSchema.parse(res.body);
  };
  const approved = async (producerId: string): Promise<SettlementWithLinks> => {
    const s = await draft(producerId);
    const res = await post(url, at(R.approve, s.id), { costDecision: null }, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return settlementWithLinksSchema.parse(res.body);
  };
  const share = async (id: string) => {
    const res = await post(url, at(R.share, id), {}, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return madeLinkSchema.parse(res.body);
  };
  const open = (token: string, headers: Record<string, string> = {}) => get(url, R.shared.replace(':token', token), headers);

  it('a draft gets no link; an approved one does, for 30 days, kept as a hash, and opens that statement without signing in', async () => {
    // Renamed after it sold: the statement names the line as the receipt did.
    const [before] = await server.store.db.all("SELECT name FROM products WHERE sku = 'PGN-002'");
    await server.store.db.run("UPDATE products SET name = 'Nama Baru Uji' WHERE sku = 'PGN-002'");
    const d = await draft(UMKM);
    expect(d.items.map((i) => i.name)).toEqual([str(before?.name)]);
    const refused = await post(url, at(R.share, d.id), {}, jsonWith(admin));
    expect([refused.status, errorOf(refused).code]).toEqual([409, 'settlement-not-shareable']);
    await post(url, at(R.approve, d.id), { costDecision: null }, jsonWith(admin));

    const made = await share(d.id);
    expect(made.path).toBe(`/nota/${made.token}`);
    expect(made.link.expiresAt).toBe(clock + STATEMENT_LINK_DAYS * DAY);
    const stored = await server.store.db.all('SELECT token_hash FROM statement_links');
    expect(stored.map((r) => str(r.token_hash))).toEqual([sha256(made.token)]);
    expect(JSON.stringify(stored)).not.toContain(made.token);

    const res = await open(made.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const shared = sharedStatementSchema.parse(res.body);
    expect(shared.settlement.id).toBe(d.id);
    expect(shared.settlement.producerName).toBe(d.producerName);
    expect(shared.settlement.items.map((i) => i.name)).toEqual(d.items.map((i) => i.name));
    expect(shared.settlement.split.payable).toBe(d.split.payable);
    expect(shared.expiresAt).toBe(made.link.expiresAt);
    expect(shared.store.name).not.toBe('');
    // The links themselves (who made them, how often opened) are the store's, not on the producer's answer.
    expect(res.body).not.toHaveProperty('settlement.links');

    const seen = settlementWithLinksSchema.parse((await get(url, at(R.one, d.id), bearer(admin))).body);
    expect(seen.links).toEqual([expect.objectContaining({ id: made.link.id, opens: 1, lastOpenedAt: clock, revokedAt: null, createdBy: 'Admin Uji' })]);
    const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
    expect(audit.find((e) => e.action === 'settlement.share')).toMatchObject({ subject: d.id, note: { code: 'settlement.shared', params: { producerId: UMKM, expiresAt: made.link.expiresAt } } });
  });

  it('a wrong token is 404, an expired one 410, a revoked one 410, each named', async () => {
    const s = await approved(UMKM);
    const made = await share(s.id);
    const wrong = await open(`${made.token.slice(0, -1)}${made.token.endsWith('A') ? 'B' : 'A'}`);
    expect([wrong.status, errorOf(wrong).code]).toEqual([404, 'statement-link-unknown']);
    const garbage = await open('not-a-token');
    expect([garbage.status, errorOf(garbage).code]).toEqual([404, 'statement-link-unknown']);

    clock += STATEMENT_LINK_DAYS * DAY - 1;
    expect((await open(made.token)).status).toBe(200);
    clock += 1;
    const expired = await open(made.token);
    expect([expired.status, errorOf(expired).code]).toEqual([410, 'statement-link-expired']);
    expect(errorOf(expired).params).toMatchObject({ expiredAt: made.link.expiresAt });
    // The admin signs in again a month on (a session lasts a shift).
    admin = await adminSession(server.store);

    const fresh = await share(s.id);
    const second = await share(s.id);
    expect((await open(fresh.token)).status).toBe(200);
    const revoked = settlementWithLinksSchema.parse((await post(url, at(R.revokeLinks, s.id), {}, jsonWith(admin))).body);
    expect(revoked.links.filter((l) => l.revokedAt === clock).map((l) => l.id).sort()).toEqual([fresh.link.id, second.link.id].sort());
    for (const token of [fresh.token, second.token]) {
      const gone = await open(token);
      expect([gone.status, errorOf(gone).code]).toEqual([410, 'statement-link-revoked']);
    }
    const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
    expect(audit.find((e) => e.action === 'settlement.share-revoke')).toMatchObject({ subject: s.id, note: { code: 'settlement.share-revoked', params: { links: 2 } } });
  });

  it('the token opens its own statement and nothing else of the store', async () => {
    const umkm = await approved(UMKM);
    const lapas = await approved(LAPAS);
    const made = await share(umkm.id);
    const token = made.token;
    const shared = sharedStatementSchema.parse((await open(token)).body);
    expect(shared.settlement.id).toBe(umkm.id);
    expect(JSON.stringify(shared)).not.toContain(lapas.id);
    // As a bearer token or a session cookie it is nobody: every other route refuses it.
    for (const headers of [bearer(token), { cookie: `kasir_session=${token}` }, bearer(`kks_${made.link.id}.${token}`)]) {
      for (const path of [at(R.one, umkm.id), at(R.one, lapas.id), R.list, R.owed, '/api/reports/sales?from=2026-04-01&to=2026-04-30', '/api/admin/users', '/api/sales']) {
        const res = await get(url, path, headers);
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      }
      expect((await post(url, at(R.share, umkm.id), {}, { ...headers, 'content-type': 'application/json' })).status).toBe(401);
      expect((await post(url, at(R.revokeLinks, umkm.id), {}, { ...headers, 'content-type': 'application/json' })).status).toBe(401);
    }
    // An admin's own session is not widened by it either: a producer's page sends no credential at all.
    expect((await open(token, bearer(admin))).status).toBe(200);
  });

  it('the page at /nota/<token> answers 404 and 410 as the link does', async () => {
    const s = await approved(UMKM);
    const made = await share(s.id);
    expect((await fetch(`${url}${made.path}`)).status).toBe(200);
    expect((await fetch(`${url}/nota/${'x'.repeat(43)}`)).status).toBe(404);
    await post(url, at(R.revokeLinks, s.id), {}, jsonWith(admin));
    expect((await fetch(`${url}${made.path}`)).status).toBe(410);
  });
});
