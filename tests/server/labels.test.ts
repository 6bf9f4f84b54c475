// The "Label perlu dicetak" list, label data, the product search that
// chooses labels, and product photos, through the real routes on SQLite and
// PostgreSQL: who may do what, every change audited, a photo checked by its
// bytes, stored, named by a versioned URL that devices pull, and served to be
// cached for ever.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  labelDataResponseSchema,
  labelSearchResponseSchema,
  markLabelsPrintedResponseSchema,
  pendingLabelListSchema,
  PHOTO_MAX_BYTES,
  photoUploadResponseSchema,
} from '../../src/protocol/labels.ts';
import { LABEL_ROUTES } from '../../src/protocol/routes.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { queueLabels } from '../../src/server/catalog/labels.ts';
import { DEMO_PRODUCERS, DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { CHROMIUM_LOSSLESS_20X10, CHROMIUM_LOSSY_40X30, PNG_8X8 } from '../domain/webp-fixtures.ts';
import { backends, bearer, createTestUser, deviceToken, errorOf, get, jsonWith, post, pull, sessionFor, serverPerTest, TestDevice, type HttpAnswer, type TestServer } from './helpers.ts';

const kopi = DEMO_PRODUCTS.find((p) => p.barcode?.startsWith('899'))!;
const cukli = DEMO_PRODUCTS.find((p) => p.barcode?.startsWith('21'))!;
const third = DEMO_PRODUCTS.find((p) => p.id !== kopi.id && p.id !== cukli.id)!;

describe.each(backends)('labels and photos ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let t: number;
  let supervisor: string;
  let supervisorId: string;
  let cashier: string;

  beforeEach(() => {
    t = 1_780_000_000_000;
  });
  serverPerTest(
    backend,
    (s) => {
      server = s;
      url = s.baseUrl;
    },
    { now: () => t },
  );
  beforeEach(async () => {
    supervisorId = await createTestUser(server.store, { username: 'penyelia', role: 'supervisor' });
    supervisor = await sessionFor(server.store, supervisorId);
    cashier = await sessionFor(server.store, await createTestUser(server.store, { username: 'kasir', role: 'cashier' }));
  });

  const queue = (ids: string[], reason: 'new-product' | 'price-changed', at: number) => server.store.db.tx((tx) => queueLabels(tx, ids, reason, at));
  const pending = async (token = supervisor) => {
    const res = await get(url, LABEL_ROUTES.pending, bearer(token));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return pendingLabelListSchema.parse(res.body).labels;
  };
  const audit = () => server.store.db.tx((tx) => listAudit(tx, {}));
  const upload = (productId: string, webpBase64: string, token = supervisor): Promise<HttpAnswer> =>
    post(url, LABEL_ROUTES.uploadPhoto.replace(':productId', productId), { webpBase64 }, jsonWith(token));

  describe('the "Label perlu dicetak" list', () => {
    it('queueLabels puts products on the list with why and when, skips unknown ids, and the list shows what the label prints now', async () => {
      expect(await queue([kopi.id, cukli.id, 'p-none'], 'price-changed', t)).toBe(2);
      await queue([third.id], 'new-product', t + 1000);
      const labels = await pending();
      expect(labels.map((l) => [l.productId, l.reason, l.queuedAt])).toEqual([
        [third.id, 'new-product', t + 1000],
        ...[kopi, cukli].sort((a, b) => a.name.localeCompare(b.name)).map((p) => [p.id, 'price-changed', t]),
      ]);
      const k = labels.find((l) => l.productId === kopi.id);
      expect(k).toMatchObject({ sku: kopi.sku, barcode: kopi.barcode, name: kopi.name, price: kopi.price, producerId: kopi.producerId, active: true });
      expect(k?.producerName).toBe(DEMO_PRODUCERS.find((p) => p.id === kopi.producerId)?.name);
    });

    it('a product waiting as new stays "new-product" after a price change; another takes the newer reason and time', async () => {
      await queue([kopi.id], 'new-product', t);
      await queue([cukli.id], 'price-changed', t);
      await queue([kopi.id, cukli.id], 'price-changed', t + 5000);
      const byId = new Map((await pending()).map((l) => [l.productId, l]));
      expect(byId.get(kopi.id)).toMatchObject({ reason: 'new-product', queuedAt: t + 5000 });
      expect(byId.get(cukli.id)).toMatchObject({ reason: 'price-changed', queuedAt: t + 5000 });
    });

    it('queueLabels commits or vanishes with the transaction that calls it', async () => {
      await expect(
        server.store.db.tx(async (tx) => {
          await queueLabels(tx, [kopi.id], 'price-changed', t);
          throw new Error('the price change failed');
        }),
      ).rejects.toThrow('the price change failed');
      expect(await pending()).toEqual([]);
    });

    it('marking printed takes products off the list, audited one by one; marking again changes nothing', async () => {
      await queue([kopi.id, cukli.id], 'price-changed', t);
      t += 60_000;
      const res = await post(url, LABEL_ROUTES.printed, { productIds: [kopi.id, third.id] }, jsonWith(supervisor));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(markLabelsPrintedResponseSchema.parse(res.body).removed).toEqual([kopi.id]);
      expect((await pending()).map((l) => l.productId)).toEqual([cukli.id]);
      const entries = (await audit()).filter((e) => e.action === 'label.printed');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorId: supervisorId, outletId: 'ntb-mall', subject: kopi.id, at: t });
      expect(entries[0]?.detail).toContain('price-changed');
      expect(entries[0]?.detail).toContain(kopi.sku);
      const again = await post(url, LABEL_ROUTES.printed, { productIds: [kopi.id] }, jsonWith(supervisor));
      expect(markLabelsPrintedResponseSchema.parse(again.body).removed).toEqual([]);
      expect((await audit()).filter((e) => e.action === 'label.printed')).toHaveLength(1);
    });

    it('Lewati takes a product off the list without printing, audited as skipped with why it was waiting', async () => {
      await queue([kopi.id, cukli.id], 'price-changed', t);
      const res = await post(url, LABEL_ROUTES.printed, { productIds: [kopi.id], skipped: true }, jsonWith(supervisor));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(markLabelsPrintedResponseSchema.parse(res.body).removed).toEqual([kopi.id]);
      expect((await pending()).map((l) => l.productId)).toEqual([cukli.id]);
      const entries = await audit();
      expect(entries.filter((e) => e.action === 'label.printed')).toEqual([]);
      const [skipped] = entries.filter((e) => e.action === 'label.skipped');
      expect(skipped).toMatchObject({ actorId: supervisorId, subject: kopi.id });
      expect(skipped?.detail).toContain('skipped without printing');
      expect(skipped?.detail).toContain('price-changed');
    });

    it('a cashier or a device can neither read the list nor mark it', async () => {
      await queue([kopi.id], 'price-changed', t);
      const device = await deviceToken(url, new TestDevice().id);
      for (const token of [cashier, device]) {
        expect((await get(url, LABEL_ROUTES.pending, bearer(token))).status).toBe(403);
        const res = await post(url, LABEL_ROUTES.printed, { productIds: [kopi.id] }, jsonWith(token));
        expect(res.status).toBe(403);
        expect(errorOf(res).code).toBe('forbidden');
      }
      expect((await pending()).map((l) => l.productId)).toEqual([kopi.id]);
    });

    it('an empty or oversized list of ids is refused naming the field', async () => {
      const empty = await post(url, LABEL_ROUTES.printed, { productIds: [] }, jsonWith(supervisor));
      expect(empty.status).toBe(400);
      expect(errorOf(empty)).toMatchObject({ code: 'invalid-request', field: 'productIds' });
      const many = await post(url, LABEL_ROUTES.data, { productIds: Array.from({ length: 501 }, (_, i) => `p-${i}`) }, jsonWith(supervisor));
      expect(many.status).toBe(400);
    });
  });

  describe('choosing products', () => {
    it('label data comes in the order asked, with the ids no product has', async () => {
      const res = await post(url, LABEL_ROUTES.data, { productIds: [cukli.id, 'p-none', kopi.id, cukli.id] }, jsonWith(supervisor));
      expect(res.status).toBe(200);
      const data = labelDataResponseSchema.parse(res.body);
      expect(data.products.map((p) => p.productId)).toEqual([cukli.id, kopi.id]);
      expect(data.missing).toEqual(['p-none']);
      expect(data.products[1]).toMatchObject({ barcode: kopi.barcode, price: kopi.price, sku: kopi.sku });
    });

    it('search finds a scanned barcode first, then SKU starts, then words of the name', async () => {
      const search = async (q: string) => {
        const res = await get(url, `${LABEL_ROUTES.search}?${new URLSearchParams({ q }).toString()}`, bearer(supervisor));
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return labelSearchResponseSchema.parse(res.body).products;
      };
      expect((await search(kopi.barcode ?? ''))[0]?.productId).toBe(kopi.id);
      expect((await search(cukli.sku.toLowerCase()))[0]?.productId).toBe(cukli.id);
      const words = cukli.name.split(' ');
      const byName = await search(`${words[words.length - 1]?.toUpperCase() ?? ''} ${words[0] ?? ''}`);
      expect(byName.map((p) => p.productId)).toContain(cukli.id);
      // A typed % is a letter, not "anything".
      expect(await search('%')).toEqual([]);
      expect(await search('   ')).toEqual([]);
    });
  });

  describe('product photos', () => {
    it('a WebP from the device is stored, the product gets a versioned URL that devices pull, and it is served for ever-caching', async () => {
      const before = (await pull(url, 0)).version;
      t += 1000;
      const res = await upload(kopi.id, CHROMIUM_LOSSY_40X30);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const photo = photoUploadResponseSchema.parse(res.body);
      expect(photo).toMatchObject({ productId: kopi.id, width: 40, height: 30, bytes: Buffer.from(CHROMIUM_LOSSY_40X30, 'base64').length });
      expect(photo.imageUrl).toMatch(new RegExp(`^/api/products/${kopi.id}/image/[0-9a-f]{16}$`));

      const changes = await pull(url, before);
      expect(changes.products.find((p) => p.id === kopi.id)?.imageUrl).toBe(photo.imageUrl);

      const served = await fetch(`${url}${photo.imageUrl}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = served.headers.get('etag');
      expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
      expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(CHROMIUM_LOSSY_40X30, 'base64'))).toBe(true);
      const again = await fetch(`${url}${photo.imageUrl}`, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status).toBe(304);

      const entries = (await audit()).filter((e) => e.action === 'product.photo');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorId: supervisorId, subject: kopi.id, at: t });
      expect(entries[0]?.detail).toContain(`after: ${photo.imageUrl}`);
    });

    it('a new photo gets a new URL; the old one is gone (404), and the same photo again moves no version', async () => {
      const first = photoUploadResponseSchema.parse((await upload(cukli.id, CHROMIUM_LOSSY_40X30)).body);
      const second = photoUploadResponseSchema.parse((await upload(cukli.id, CHROMIUM_LOSSLESS_20X10)).body);
      expect(second.imageUrl).not.toBe(first.imageUrl);
      const old = await get(url, first.imageUrl);
      expect(old.status).toBe(404);
      expect(errorOf(old).code).toBe('not-found');
      expect(old.contentType).toMatch(/^application\/json/);
      expect((await fetch(`${url}${second.imageUrl}`)).status).toBe(200);
      const v = (await pull(url, 0)).version;
      await upload(cukli.id, CHROMIUM_LOSSLESS_20X10);
      expect((await pull(url, v)).products.find((p) => p.id === cukli.id)).toBeUndefined();
    });

    it('refuses what is not a WebP, a file over the limit, and an unknown product, each with its code; nothing changes', async () => {
      const png = await upload(kopi.id, PNG_8X8);
      expect(png.status).toBe(400);
      expect(errorOf(png)).toMatchObject({ code: 'photo-not-webp', field: 'webpBase64' });
      // Bytes that start like a WebP but are cut short.
      const cut = await upload(kopi.id, Buffer.from(CHROMIUM_LOSSY_40X30, 'base64').subarray(0, 100).toString('base64'));
      expect(errorOf(cut).code).toBe('photo-not-webp');
      const big = Buffer.alloc(PHOTO_MAX_BYTES + 1);
      Buffer.from(CHROMIUM_LOSSY_40X30, 'base64').copy(big);
      const tooBig = await upload(kopi.id, big.toString('base64'));
      expect(tooBig.status).toBe(400);
      expect(errorOf(tooBig).code).toBe('photo-too-large');
      const notBase64 = await upload(kopi.id, '<svg onload=alert(1)>');
      expect(errorOf(notBase64)).toMatchObject({ code: 'invalid-request', field: 'webpBase64' });
      const unknown = await upload('p-none', CHROMIUM_LOSSY_40X30);
      expect(unknown.status).toBe(404);
      expect((await pull(url, 0)).products.find((p) => p.id === kopi.id)?.imageUrl).toBe(kopi.imageUrl);
      expect((await audit()).filter((e) => e.action === 'product.photo')).toEqual([]);
    });

    it('removing a photo gives the product its tile again on the next pull, makes the URL 404, and is audited once', async () => {
      const photo = photoUploadResponseSchema.parse((await upload(kopi.id, CHROMIUM_LOSSY_40X30)).body);
      const v = (await pull(url, 0)).version;
      const remove = () => post(url, LABEL_ROUTES.removePhoto.replace(':productId', kopi.id), {}, jsonWith(supervisor));
      const res = await remove();
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ productId: kopi.id, imageUrl: null });
      expect((await pull(url, v)).products.find((p) => p.id === kopi.id)?.imageUrl).toBeNull();
      expect((await get(url, photo.imageUrl)).status).toBe(404);
      expect((await remove()).status).toBe(200);
      const removals = (await audit()).filter((e) => e.action === 'product.photo' && e.detail.includes('removed'));
      expect(removals).toHaveLength(1);
      expect(removals[0]?.detail).toContain(`before: ${photo.imageUrl}`);
      expect((await post(url, LABEL_ROUTES.removePhoto.replace(':productId', 'p-none'), {}, jsonWith(supervisor))).status).toBe(404);
      expect((await post(url, LABEL_ROUTES.removePhoto.replace(':productId', kopi.id), {}, jsonWith(cashier))).status).toBe(403);
    });

    it('a cashier or a device cannot upload a photo', async () => {
      const device = await deviceToken(url, new TestDevice().id);
      for (const token of [cashier, device]) {
        const res = await upload(kopi.id, CHROMIUM_LOSSY_40X30, token);
        expect(res.status).toBe(403);
        expect(errorOf(res).code).toBe('forbidden');
      }
    });
  });
});
