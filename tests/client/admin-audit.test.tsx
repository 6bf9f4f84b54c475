import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { AUDIT_PAGE_SIZE } from '../../src/client/features/admin/AuditPanel.tsx';
import { formatWita } from '../../src/domain/time.ts';
import {
  adminDeviceListSchema,
  adminUserListSchema,
  AUDIT_ACTIONS,
  auditListSchema,
  auditQuerySchema,
  type AuditEntry,
} from '../../src/protocol/auth.ts';
import { AUTH_ROUTES } from '../../src/protocol/routes.ts';
import { ADMIN, answer, FakeManagementServer } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

const T0 = Date.UTC(2026, 1, 14, 5, 5);
const HOSTILE = `<img src=x onerror="alert(1)">'; DROP TABLE audit; --`;

/** Ids 1..count, one minute apart, every action in turn. */
function log(count: number): AuditEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    at: T0 + i * 60_000,
    action: AUDIT_ACTIONS[i % AUDIT_ACTIONS.length]!,
    actorId: i % 2 === 0 ? 'u-admin' : null,
    deviceId: i % 3 === 0 ? 'dev-1' : null,
    outletId: 'ntb-mall',
    subject: i === 0 ? HOSTILE : `subjek-${i + 1}`,
    detail: i === 0 ? HOSTILE : `keterangan ${i + 1}`,
    note: null,
  }));
}

let db: KasirDb;
let server: FakeManagementServer;
const all = log(AUDIT_PAGE_SIZE + 20);
// The newest is "user.active" however many actions the log knows.
all[all.length - 1] = { ...all[all.length - 1]!, action: 'user.active' };
// id 69: an approval with its note, worded with the approver's name rather than the English detail.
all[all.length - 2] = {
  ...all[all.length - 2]!,
  action: 'approval.price-override',
  detail: 'approved for u-kasir: Rp 30.000',
  note: { code: 'approval.given', params: { kind: 'price-override', requestedBy: 'u-admin', lineId: null, detail: 'Rp 30.000' } },
};

beforeEach(async () => {
  db = await freshDb(false);
  server = new FakeManagementServer()
    .on('GET', AUTH_ROUTES.audit, (req) => {
      const q = auditQuerySchema.parse(Object.fromEntries(req.query));
      const newestFirst = [...all].reverse().filter((e) => q.before === undefined || e.id < q.before);
      return answer(auditListSchema, { entries: newestFirst.slice(0, q.limit ?? 200) });
    })
    .on('GET', AUTH_ROUTES.users, () =>
      answer(adminUserListSchema, {
        users: [{ id: 'u-admin', username: 'ayu', name: 'Ayu Lestari', role: 'admin', outletId: null, active: true, hasPin: true, hasPassword: true, createdAt: T0, updatedAt: T0 }],
      }),
    )
    .on('GET', AUTH_ROUTES.devices, () =>
      answer(adminDeviceListSchema, {
        devices: [
          {
            registrationId: 'reg-1',
            deviceId: 'dev-1',
            outletId: 'ntb-mall',
            label: 'Kasir 1 NTB Mall',
            status: 'active',
            createdAt: T0,
            enrolledAt: T0,
            rotatedAt: null,
            revokedAt: null,
            lastSeenAt: T0,
            lastSeq: 3,
            health: null,
          },
        ],
      }),
    )
    .install();
  server.signedIn(ADMIN);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  sessionStorage.clear();
});

function bodyRows(): HTMLElement[] {
  const table = screen.getByRole('table');
  return within(table).getAllByRole('row').slice(1);
}

describe('the audit log page', () => {
  it('shows the newest page first in WITA, actions in words, people and devices by name', async () => {
    renderApp({ db, sync: null }, '/admin/audit');
    await screen.findByRole('table');
    const rows = bodyRows();
    expect(rows).toHaveLength(AUDIT_PAGE_SIZE);
    // Names arrive a moment after the log.
    await waitFor(() => expect(within(bodyRows()[1]!).getAllByRole('cell')[1]).toHaveTextContent('Ayu Lestari (ayu)'));
    const newest = all.at(-1)!; // id 70: "user.active", from device dev-1, no user
    const cells = within(bodyRows()[0]!).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual([formatWita(newest.at), '—', 'Kasir 1 NTB Mall', 'subjek-70', 'keterangan 70']);
    expect(within(bodyRows()[0]!).getByRole('rowheader')).toHaveTextContent('Status aktif pengguna diubah');
    // id 69: by a person, no device.
    expect(within(bodyRows()[1]!).getAllByRole('cell').map((c) => c.textContent).slice(1, 3)).toEqual(['Ayu Lestari (ayu)', '—']);
    expect(within(bodyRows()[1]!).getAllByRole('cell')[4]).toHaveTextContent('Menyetujui Ubah harga untuk Ayu Lestari (ayu): Rp 30.000');
    expect(server.calls('GET', AUTH_ROUTES.audit)[0]?.query.get('before')).toBeNull();
  });

  it('loads older entries before the last id shown, then says there are no more', async () => {
    renderApp({ db, sync: null }, '/admin/audit');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Muat lebih lama' }));
    await waitFor(() => expect(bodyRows()).toHaveLength(all.length));
    const audits = server.calls('GET', AUTH_ROUTES.audit);
    expect(audits).toHaveLength(2);
    // The oldest shown was id 21 (70 down to 21).
    expect(audits[1]?.query.get('before')).toBe('21');
    expect(screen.getByText('Tidak ada entri yang lebih lama.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Muat lebih lama' })).not.toBeInTheDocument();
    expect(within(bodyRows().at(-1)!).getByRole('rowheader')).toHaveTextContent('Perangkat didaftarkan');
  });

  it('shows script and SQL in a log entry as plain text', async () => {
    renderApp({ db, sync: null }, '/admin/audit');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Muat lebih lama' }));
    const oldest = await waitFor(() => {
      const row = bodyRows().at(-1);
      expect(row).toHaveTextContent(HOSTILE);
      return row!;
    });
    expect(within(oldest).getAllByText(HOSTILE)).toHaveLength(2);
    expect(document.querySelector('img')).toBeNull();
  });
});
