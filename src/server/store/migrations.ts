// Append-only migrations, written in the SQL both engines accept. Never edit
// a shipped one; add the next. Where the engines cannot share one text
// (triggers, identity columns), an entry gives one text per engine.
export type Migration = string | { readonly sqlite: string; readonly postgres: string };

/**
 * Issue 5, the part both engines share: users (with the PIN hash a device
 * checks offline and the scrypt password for the management pages), the
 * history of who held which role where (approvals are re-checked against the
 * role at the time, not today's), device registrations with their one-time
 * code and hashed credential, sessions, and a per-outlet discount limit.
 */
const ACCOUNTS = `
  ALTER TABLE outlets ADD COLUMN discount_limit_bp INTEGER NOT NULL DEFAULT 1000;
  CREATE TABLE users (
    id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'admin')),
    outlet_id TEXT,
    pin_algorithm TEXT, pin_iterations INTEGER, pin_salt TEXT, pin_hash TEXT,
    password_hash TEXT,
    active INTEGER NOT NULL, version BIGINT NOT NULL,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
  CREATE INDEX users_version ON users(version);
  CREATE INDEX users_outlet ON users(outlet_id);
  CREATE TABLE user_role_history (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL, outlet_id TEXT, active INTEGER NOT NULL,
    valid_from BIGINT NOT NULL, valid_to BIGINT);
  CREATE INDEX user_role_history_user ON user_role_history(user_id, valid_from);
  CREATE INDEX user_role_history_outlet ON user_role_history(outlet_id);
  CREATE TABLE device_registrations (
    id TEXT PRIMARY KEY, outlet_id TEXT NOT NULL, label TEXT NOT NULL,
    code_hash TEXT NOT NULL UNIQUE, code_expires_at BIGINT NOT NULL,
    device_id TEXT, credential_hash TEXT,
    created_by TEXT, created_at BIGINT NOT NULL,
    enrolled_at BIGINT, rotated_at BIGINT, revoked_at BIGINT, last_seen_at BIGINT);
  -- One live registration per device id. A revoked one keeps its id for the
  -- record, and the same device (its outbox, its unsynced sales) may be
  -- enrolled again with a new code.
  CREATE UNIQUE INDEX device_registrations_live_device ON device_registrations(device_id) WHERE revoked_at IS NULL;
  CREATE INDEX device_registrations_device ON device_registrations(device_id);
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), secret_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, last_used_at BIGINT NOT NULL, ended_at BIGINT);
  CREATE INDEX sessions_user ON sessions(user_id);
`;

const AUDIT_COLUMNS = `at BIGINT NOT NULL, action TEXT NOT NULL, actor_id TEXT, device_id TEXT, outlet_id TEXT,
    subject TEXT, detail TEXT NOT NULL`;

/**
 * Issue 16, reports: what sales, voids and refunds add up to per WITA
 * business day, month and year (`grain` d, m, y; `period` 2026-02-14,
 * 2026-02, 2026), kept in the same transaction as the push that stores them
 * (server/reports/rollup.ts). A report over years reads a year's row where a
 * whole year is asked, a month's where a whole month is, days only at the
 * ragged ends: thousands of rows, never the million lines. Sales per outlet,
 * per hour of day, per cashier (each with the voids and refunds of that day,
 * hour and user); lines per product and its producer; payments per method.
 * `cost` sums only lines whose HPP was known at ingest; `uncosted_*` say how
 * much was not.
 */
const SALES_SUMS = `sales BIGINT NOT NULL, items BIGINT NOT NULL, gross BIGINT NOT NULL, discount BIGINT NOT NULL, tax BIGINT NOT NULL,
    total BIGINT NOT NULL, rounding BIGINT NOT NULL, cost BIGINT NOT NULL, costed_sales BIGINT NOT NULL,
    uncosted_lines BIGINT NOT NULL, uncosted_sales BIGINT NOT NULL,
    refunds BIGINT NOT NULL, refund_amount BIGINT NOT NULL, voids BIGINT NOT NULL, void_amount BIGINT NOT NULL,
    returned_cost BIGINT NOT NULL, returned_costed_sales BIGINT NOT NULL, returned_uncosted_sales BIGINT NOT NULL`;
const REPORT_ROLLUPS = (withoutRowid: string): string => `
  CREATE TABLE report_sales (
    grain TEXT NOT NULL, period TEXT NOT NULL, outlet_id TEXT NOT NULL, ${SALES_SUMS},
    PRIMARY KEY (grain, period, outlet_id))${withoutRowid};
  CREATE TABLE report_sales_hour (
    grain TEXT NOT NULL, period TEXT NOT NULL, outlet_id TEXT NOT NULL, hour INTEGER NOT NULL, ${SALES_SUMS},
    PRIMARY KEY (grain, period, outlet_id, hour))${withoutRowid};
  CREATE TABLE report_sales_cashier (
    grain TEXT NOT NULL, period TEXT NOT NULL, outlet_id TEXT NOT NULL, cashier_id TEXT NOT NULL, ${SALES_SUMS},
    PRIMARY KEY (grain, period, outlet_id, cashier_id))${withoutRowid};
  CREATE TABLE report_products (
    grain TEXT NOT NULL, period TEXT NOT NULL, outlet_id TEXT NOT NULL, product_id TEXT NOT NULL, producer_id TEXT NOT NULL,
    lines BIGINT NOT NULL, qty BIGINT NOT NULL, gross BIGINT NOT NULL, discount BIGINT NOT NULL, net BIGINT NOT NULL,
    tax BIGINT NOT NULL, cost BIGINT NOT NULL, costed_sales BIGINT NOT NULL, uncosted_lines BIGINT NOT NULL,
    uncosted_sales BIGINT NOT NULL, returned_qty BIGINT NOT NULL, returned_amount BIGINT NOT NULL,
    returned_cost BIGINT NOT NULL, returned_costed_sales BIGINT NOT NULL, returned_uncosted_sales BIGINT NOT NULL,
    PRIMARY KEY (grain, period, outlet_id, product_id, producer_id))${withoutRowid};
  CREATE TABLE report_methods (
    grain TEXT NOT NULL, period TEXT NOT NULL, outlet_id TEXT NOT NULL, method TEXT NOT NULL,
    sales BIGINT NOT NULL, amount BIGINT NOT NULL, returns BIGINT NOT NULL, returned_amount BIGINT NOT NULL,
    PRIMARY KEY (grain, period, outlet_id, method))${withoutRowid};
  INSERT INTO counters (name, value) VALUES ('report-rollups-stale', 1);
`;

const NAMES_AS_SOLD = (withoutRowid: string): string => `
  ALTER TABLE sale_lines ADD COLUMN name TEXT;
  ALTER TABLE sale_lines ADD COLUMN category TEXT;
  UPDATE sale_lines SET name = COALESCE((SELECT name FROM products WHERE products.id = sale_lines.product_id), product_id),
    category = COALESCE((SELECT category FROM products WHERE products.id = sale_lines.product_id), '');
  DROP TABLE report_products;
  CREATE TABLE report_products (
    grain TEXT NOT NULL, period TEXT NOT NULL, outlet_id TEXT NOT NULL, product_id TEXT NOT NULL, producer_id TEXT NOT NULL,
    category TEXT NOT NULL, name TEXT NOT NULL,
    lines BIGINT NOT NULL, qty BIGINT NOT NULL, gross BIGINT NOT NULL, discount BIGINT NOT NULL, net BIGINT NOT NULL,
    tax BIGINT NOT NULL, cost BIGINT NOT NULL, costed_sales BIGINT NOT NULL, uncosted_lines BIGINT NOT NULL,
    uncosted_sales BIGINT NOT NULL, returned_qty BIGINT NOT NULL, returned_amount BIGINT NOT NULL,
    returned_cost BIGINT NOT NULL, returned_costed_sales BIGINT NOT NULL, returned_uncosted_sales BIGINT NOT NULL,
    PRIMARY KEY (grain, period, outlet_id, product_id, producer_id, category, name))${withoutRowid};
  UPDATE counters SET value = 1 WHERE name = 'report-rollups-stale';
`;

const STOCK_COUNTED = (backfill: string, withoutRowid: string): string => `
  CREATE TABLE stock_counted (
    outlet_id TEXT NOT NULL, product_id TEXT NOT NULL, counted_at BIGINT NOT NULL, count_id TEXT NOT NULL, by_user TEXT NOT NULL,
    PRIMARY KEY (outlet_id, product_id))${withoutRowid};
  INSERT INTO stock_counted (outlet_id, product_id, counted_at, count_id, by_user) ${backfill};
  `;

export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
  INSERT INTO counters (name, value) VALUES ('catalog', 0);
  CREATE TABLE outlets (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, address TEXT NOT NULL,
    version BIGINT NOT NULL);
  CREATE TABLE producers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, receipt_line TEXT,
    consignment INTEGER NOT NULL, version BIGINT NOT NULL);
  CREATE TABLE products (
    id TEXT PRIMARY KEY, sku TEXT NOT NULL UNIQUE, barcode TEXT UNIQUE, name TEXT NOT NULL,
    category TEXT NOT NULL, producer_id TEXT NOT NULL REFERENCES producers(id),
    price BIGINT NOT NULL, unit TEXT NOT NULL, active INTEGER NOT NULL, version BIGINT NOT NULL);
  CREATE INDEX products_version ON products(version);
  CREATE TABLE stock_levels (
    outlet_id TEXT NOT NULL, product_id TEXT NOT NULL, level BIGINT NOT NULL, version BIGINT NOT NULL,
    PRIMARY KEY (outlet_id, product_id));
  CREATE INDEX stock_levels_version ON stock_levels(version);
  CREATE TABLE devices (
    id TEXT PRIMARY KEY, outlet_id TEXT, last_seq BIGINT NOT NULL, created_at BIGINT NOT NULL);
  CREATE TABLE mutations (
    device_id TEXT NOT NULL, seq BIGINT NOT NULL, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    payload_hash TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, device_time BIGINT NOT NULL,
    received_at BIGINT NOT NULL, PRIMARY KEY (device_id, seq));
  CREATE TABLE sales (
    id TEXT PRIMARY KEY, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, outlet_id TEXT NOT NULL,
    receipt_no TEXT NOT NULL, business_date TEXT NOT NULL, total BIGINT NOT NULL, created_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX sales_device ON sales(device_id, device_seq);
  CREATE INDEX sales_business_date ON sales(business_date);
  CREATE TABLE sale_lines (
    id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id), product_id TEXT NOT NULL,
    producer_id TEXT NOT NULL, qty BIGINT NOT NULL, unit_price BIGINT NOT NULL, net BIGINT NOT NULL,
    tax BIGINT NOT NULL);
  CREATE INDEX sale_lines_producer ON sale_lines(producer_id);
  CREATE TABLE payments (
    id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id), method TEXT NOT NULL,
    amount BIGINT NOT NULL, reference TEXT);
  CREATE TABLE stock_events (
    id TEXT PRIMARY KEY, product_id TEXT NOT NULL, outlet_id TEXT NOT NULL, device_id TEXT NOT NULL,
    delta BIGINT NOT NULL, reason TEXT NOT NULL, sale_id TEXT, received_at BIGINT NOT NULL);
  CREATE INDEX stock_events_product ON stock_events(outlet_id, product_id);
  `,
  // The supervisor's review list reads flagged sales only, a small share of all sales.
  `
  CREATE INDEX sales_flagged ON sales(received_at, device_id, device_seq) WHERE flags <> '[]';
  `,
  // A small product picture for the touch grid; a path or URL the PWA caches.
  `
  ALTER TABLE products ADD COLUMN image_url TEXT;
  `,
  // Accounts and the audit log. The log refuses UPDATE and DELETE in the
  // database itself, so no code path (nor a mistaken query by hand through
  // the app's connection) can rewrite what happened.
  {
    sqlite: `${ACCOUNTS}
  CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, ${AUDIT_COLUMNS});
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
  `,
    postgres: `${ACCOUNTS}
  CREATE TABLE audit_log (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ${AUDIT_COLUMNS});
  CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP; END $$;
  CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  `,
  },
  // Voids and refunds (sale.void). No foreign key to sales: a return of a
  // sale the server does not hold yet is recorded and flagged, never dropped.
  `
  CREATE TABLE sale_returns (
    id TEXT PRIMARY KEY, sale_id TEXT NOT NULL, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL,
    outlet_id TEXT NOT NULL, kind TEXT NOT NULL, amount BIGINT NOT NULL, method TEXT NOT NULL,
    by_user TEXT NOT NULL, approver_id TEXT NOT NULL, business_date TEXT NOT NULL,
    created_at BIGINT NOT NULL, received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX sale_returns_sale ON sale_returns(sale_id);
  CREATE INDEX sale_returns_business_date ON sale_returns(business_date);
  CREATE INDEX sale_returns_flagged ON sale_returns(received_at) WHERE flags <> '[]';
  `,
  // Two-step rotation: the new credential waits here until the device first
  // uses it, so a rotation whose reply was lost does not lock the device out.
  `
  ALTER TABLE device_registrations ADD COLUMN pending_credential_hash TEXT;
  `,
  // What each device last said about itself (fleet health on /admin): one
  // row per device, overwritten; no history.
  `
  CREATE TABLE device_health (
    device_id TEXT PRIMARY KEY, reported_at BIGINT NOT NULL, app_version TEXT NOT NULL,
    pending BIGINT NOT NULL, oldest_unsynced_at BIGINT, persisted INTEGER, storage_used BIGINT,
    storage_quota BIGINT, last_push_at BIGINT);
  `,
  // Flags a supervisor closed (flag.resolve). A resolution names its subject
  // by kind and id, so a flag is open while no resolution names it; for
  // stock, while no resolution came after the level last moved. device_id
  // is null when it came through a password session rather than a device.
  `
  CREATE TABLE flag_resolutions (
    id TEXT PRIMARY KEY, outlet_id TEXT NOT NULL, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,
    action TEXT NOT NULL, note TEXT NOT NULL, by_user TEXT NOT NULL, device_id TEXT, device_seq BIGINT,
    created_at BIGINT NOT NULL, received_at BIGINT NOT NULL, counted BIGINT, delta BIGINT, stock_event_id TEXT);
  CREATE INDEX flag_resolutions_subject ON flag_resolutions(subject_kind, subject_id);
  CREATE INDEX flag_resolutions_received ON flag_resolutions(received_at);
  `,
  // Paged pulls walk stock levels and products in (version, key) order from a
  // cursor; with these each page is an index range, a few ms at any size.
  `
  CREATE INDEX products_version_id ON products(version, id);
  CREATE INDEX stock_levels_version_key ON stock_levels(version, outlet_id, product_id);
  `,
  // A password the server printed (the first admin's, `npm run admin`) was
  // seen by whoever read the terminal: its owner replaces it at first sign-in.
  `
  ALTER TABLE users ADD COLUMN password_must_change INTEGER NOT NULL DEFAULT 0;
  `,
  // Each entry's meaning as a code with parameters (JSON), worded on the
  // admin's screen in the reader's language; older entries keep only detail.
  `
  ALTER TABLE audit_log ADD COLUMN note TEXT;
  `,
  // Why a mutation was flagged or refused as a code with parameters (JSON),
  // so a replay answers with the same words the first answer had.
  `
  ALTER TABLE mutations ADD COLUMN problem TEXT;
  `,
  // Product administration (issue 14): cost (HPP), tax, consigned or
  // store-owned (null: the producer's terms), the story for screen and
  // receipt, when it last changed. The admin list sorts and filters 50,000
  // products by these indexes (each ends in id, the tie-break of every
  // order, so a page is an index range). The in-store code counter hands
  // out EAN-13 serials so two admins never get the same code.
  `
  ALTER TABLE products ADD COLUMN cost BIGINT;
  ALTER TABLE products ADD COLUMN tax TEXT NOT NULL DEFAULT 'ppn';
  ALTER TABLE products ADD COLUMN consigned INTEGER;
  ALTER TABLE products ADD COLUMN story TEXT;
  ALTER TABLE products ADD COLUMN story_on_receipt INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE products ADD COLUMN updated_at BIGINT;
  CREATE INDEX products_name_id ON products(name, id);
  CREATE INDEX products_category_name ON products(category, name, id);
  CREATE INDEX products_producer_name ON products(producer_id, name, id);
  CREATE INDEX products_active_name ON products(active, name, id);
  CREATE INDEX products_price_id ON products(price, id);
  CREATE INDEX products_updated_id ON products(updated_at, id);
  CREATE INDEX stock_levels_outlet_level ON stock_levels(outlet_id, level);
  INSERT INTO counters (name, value) VALUES ('in-store-ean', 0);
  `,
  // The outlet administration: a booth's dates and home outlet, a showroom's
  // Lapas, and the counter settings the server now owns (JSON, as the wire
  // has them; null until an admin saves the outlet, and until then its
  // devices keep the values set on them). Producers get contact, payout
  // account and consignment terms; a Lapas workshop's levy rules are dated
  // rows, one per day at most, so the rule of an old sale stays findable.
  `
  ALTER TABLE outlets ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE outlets ADD COLUMN start_date TEXT;
  ALTER TABLE outlets ADD COLUMN end_date TEXT;
  ALTER TABLE outlets ADD COLUMN home_outlet_id TEXT;
  ALTER TABLE outlets ADD COLUMN lapas TEXT;
  ALTER TABLE outlets ADD COLUMN settings TEXT;
  ALTER TABLE producers ADD COLUMN lapas TEXT;
  ALTER TABLE producers ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
  ALTER TABLE producers ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
  ALTER TABLE producers ADD COLUMN payout TEXT;
  ALTER TABLE producers ADD COLUMN terms TEXT;
  ALTER TABLE producers ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE producer_levy_rules (
    producer_id TEXT NOT NULL REFERENCES producers(id), valid_from TEXT NOT NULL,
    premi_bp INTEGER NOT NULL, pnbp_bp INTEGER NOT NULL, modal_bp INTEGER NOT NULL,
    base TEXT NOT NULL CHECK (base IN ('sales', 'profit')), source TEXT NOT NULL,
    PRIMARY KEY (producer_id, valid_from));
  `,
  // The "Label perlu dicetak" list: one row per product whose shelf label is
  // out of date (new, or its price changed), until a supervisor marks it
  // printed. Product photos as the device made them (small WebP), base64 in
  // a text column so both engines keep them through the same narrow SQL
  // surface; `hash` is the version in the photo's URL.
  `
  CREATE TABLE label_queue (
    product_id TEXT PRIMARY KEY, reason TEXT NOT NULL, queued_at BIGINT NOT NULL);
  CREATE INDEX label_queue_queued ON label_queue(queued_at);
  CREATE TABLE product_photos (
    product_id TEXT PRIMARY KEY, hash TEXT NOT NULL, bytes INTEGER NOT NULL, width INTEGER NOT NULL,
    height INTEGER NOT NULL, data_base64 TEXT NOT NULL, uploaded_by TEXT, uploaded_at BIGINT NOT NULL);
  `,
  // Stock across outlets (issue 14): each act is a document (a producer's
  // note, an adjustment, a transfer and its receipt, a count) and its stock
  // events; stock_event_docs says for each event who, why and which document,
  // so the history reads without opening bodies. One receipt per transfer
  // (unique), so a transfer is received exactly once. The built-in reasons
  // are rows like the ones an admin adds, marked builtin so they stay.
  `
  CREATE TABLE stock_receipts (
    id TEXT PRIMARY KEY, outlet_id TEXT NOT NULL, producer_id TEXT NOT NULL, note_no TEXT NOT NULL,
    by_user TEXT NOT NULL, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, created_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX stock_receipts_outlet ON stock_receipts(outlet_id, received_at);
  CREATE TABLE stock_adjustments (
    id TEXT PRIMARY KEY, outlet_id TEXT NOT NULL, reason TEXT NOT NULL, note TEXT NOT NULL, by_user TEXT NOT NULL,
    approver_id TEXT, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, created_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX stock_adjustments_outlet ON stock_adjustments(outlet_id, received_at);
  CREATE TABLE transfers (
    id TEXT PRIMARY KEY, from_outlet_id TEXT NOT NULL, to_outlet_id TEXT NOT NULL, note TEXT NOT NULL,
    sent_by TEXT NOT NULL, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, created_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX transfers_to ON transfers(to_outlet_id, received_at);
  CREATE INDEX transfers_from ON transfers(from_outlet_id, received_at);
  CREATE TABLE transfer_receipts (
    id TEXT PRIMARY KEY, transfer_id TEXT NOT NULL UNIQUE, outlet_id TEXT NOT NULL, by_user TEXT NOT NULL,
    device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, created_at BIGINT NOT NULL, received_at BIGINT NOT NULL,
    differs INTEGER NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE TABLE stock_counts (
    id TEXT PRIMARY KEY, outlet_id TEXT NOT NULL, scope TEXT NOT NULL, by_user TEXT NOT NULL, approver_id TEXT NOT NULL,
    device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, started_at BIGINT NOT NULL, created_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX stock_counts_outlet ON stock_counts(outlet_id, received_at);
  CREATE TABLE stock_event_docs (
    event_id TEXT PRIMARY KEY, doc_kind TEXT NOT NULL, doc_id TEXT NOT NULL, by_user TEXT, why TEXT, note TEXT);
  CREATE TABLE adjust_reasons (
    code TEXT PRIMARY KEY, label TEXT NOT NULL, builtin INTEGER NOT NULL, active INTEGER NOT NULL,
    created_at BIGINT NOT NULL, version BIGINT NOT NULL);
  INSERT INTO adjust_reasons (code, label, builtin, active, created_at, version) VALUES
    ('rusak', 'Rusak', 1, 1, 0, 0), ('hilang', 'Hilang', 1, 1, 0, 0), ('sampel', 'Sampel', 1, 1, 0, 0), ('koreksi', 'Koreksi', 1, 1, 0, 0);
  CREATE INDEX stock_events_received ON stock_events(outlet_id, received_at);
  `,
  // HPP per unit frozen on each sale line when the sale arrives (issue 16):
  // gross profit and a settlement on profit must not change when an admin
  // edits a cost later. Lines stored before this take the cost the catalog
  // has now, the best the server knows; NULL where no cost was ever entered.
  `
  ALTER TABLE sale_lines ADD COLUMN cost BIGINT;
  UPDATE sale_lines SET cost = (SELECT cost FROM products WHERE products.id = sale_lines.product_id);
  `,
  // Producer settlement (issue 16): a settlement per producer and period,
  // draft -> approved (frozen) -> paid, and its items by sold line and by
  // return. The partial unique indexes hold in the database itself that a
  // sale line is settled once and a return of a line deducted once; one open
  // draft per producer, so two drafts never claim the same lines. A Lapas's
  // PNBP deposit per period carries the SIMPONI billing fields.
  `
  CREATE TABLE settlements (
    id TEXT PRIMARY KEY, producer_id TEXT NOT NULL REFERENCES producers(id), period_from TEXT NOT NULL,
    period_to TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('draft', 'approved', 'paid')), split TEXT,
    created_by TEXT NOT NULL, created_at BIGINT NOT NULL, approved_by TEXT, approved_at BIGINT, cost_decision TEXT,
    paid_method TEXT, paid_reference TEXT, paid_date TEXT, paid_by TEXT, paid_at BIGINT);
  CREATE INDEX settlements_producer ON settlements(producer_id, period_to);
  CREATE UNIQUE INDEX settlements_one_draft ON settlements(producer_id) WHERE state = 'draft';
  CREATE TABLE settlement_lines (
    id TEXT PRIMARY KEY, settlement_id TEXT NOT NULL REFERENCES settlements(id),
    kind TEXT NOT NULL CHECK (kind IN ('sale', 'return', 'correction')), sale_line_id TEXT, sale_id TEXT,
    return_id TEXT, outlet_id TEXT, sale_date TEXT NOT NULL, item_date TEXT NOT NULL, product_id TEXT,
    name TEXT NOT NULL, category TEXT NOT NULL, qty BIGINT NOT NULL, unit_price BIGINT NOT NULL, amount BIGINT NOT NULL,
    cost BIGINT, term TEXT, note TEXT, position INTEGER NOT NULL);
  CREATE INDEX settlement_lines_settlement ON settlement_lines(settlement_id, position);
  CREATE UNIQUE INDEX settlement_lines_sale_once ON settlement_lines(sale_line_id) WHERE kind = 'sale';
  CREATE UNIQUE INDEX settlement_lines_return_once ON settlement_lines(return_id, sale_line_id) WHERE kind = 'return';
  CREATE TABLE pnbp_deposits (
    lapas TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL, amount BIGINT NOT NULL,
    kode_billing TEXT NOT NULL, billing_expires TEXT, kode_akun TEXT NOT NULL, ntpn TEXT NOT NULL, paid_date TEXT,
    updated_by TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (lapas, period_from, period_to));
  `,
  // QRIS "verify later" (issue 15): a payment saved "menunggu konfirmasi" is
  // a row of payment_awaiting (written with its sale); each confirmation or
  // dispute is a row of its own, kept even when its sale has not arrived, so
  // a payment's state is read from the rows there are, in any order they came.
  // Receipt numbers are looked up when a customer brings one back.
  `
  CREATE TABLE payment_awaiting (
    payment_id TEXT PRIMARY KEY, sale_id TEXT NOT NULL, outlet_id TEXT NOT NULL, amount BIGINT NOT NULL, received_at BIGINT NOT NULL);
  CREATE INDEX payment_awaiting_outlet ON payment_awaiting(outlet_id, received_at);
  CREATE TABLE payment_confirmations (
    id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, sale_id TEXT NOT NULL, outlet_id TEXT NOT NULL, outcome TEXT NOT NULL,
    reference TEXT, note TEXT NOT NULL, by_user TEXT NOT NULL, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL,
    created_at BIGINT NOT NULL, received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX payment_confirmations_payment ON payment_confirmations(payment_id);
  CREATE INDEX payment_confirmations_sale ON payment_confirmations(sale_id);
  CREATE INDEX payment_confirmations_outlet ON payment_confirmations(outlet_id, received_at);
  CREATE INDEX sales_receipt_no ON sales(receipt_no);
  `,
  // Reports (issue 16): the rollups, filled from the sales already stored
  // when the server next opens the store (reports/rollup.ts, the counter
  // row says they are stale). SQLite keeps them as their key's b-tree
  // (WITHOUT ROWID), so a range of days is read without a second lookup.
  { sqlite: REPORT_ROLLUPS(' WITHOUT ROWID'), postgres: REPORT_ROLLUPS('') },
  // Shifts and Tutup Kasir (issue 15): a shift per drawer, opened with its
  // Kas Awal; Kas Masuk / Kas Keluar; the Z report, one per shift (unique
  // shift_id: a closed Z is never reopened). Sales and returns name their
  // shift, so the server recounts a Z from the rows it holds. The built-in
  // cash reasons are rows like those an admin adds, marked builtin.
  `
  ALTER TABLE sales ADD COLUMN shift_id TEXT;
  CREATE INDEX sales_shift ON sales(shift_id);
  ALTER TABLE sale_returns ADD COLUMN shift_id TEXT;
  CREATE INDEX sale_returns_shift ON sale_returns(shift_id);
  CREATE TABLE shifts (
    id TEXT PRIMARY KEY, outlet_id TEXT NOT NULL, drawer_id TEXT NOT NULL, opened_by TEXT NOT NULL,
    opening_float BIGINT NOT NULL, business_date TEXT NOT NULL, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL,
    opened_at BIGINT NOT NULL, received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX shifts_outlet ON shifts(outlet_id, opened_at);
  CREATE TABLE cash_movements (
    id TEXT PRIMARY KEY, shift_id TEXT NOT NULL, outlet_id TEXT NOT NULL, direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    amount BIGINT NOT NULL, reason TEXT NOT NULL, note TEXT NOT NULL, by_user TEXT NOT NULL, approver_id TEXT,
    device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, created_at BIGINT NOT NULL, received_at BIGINT NOT NULL,
    flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX cash_movements_shift ON cash_movements(shift_id);
  CREATE TABLE shift_closes (
    id TEXT PRIMARY KEY, shift_id TEXT NOT NULL UNIQUE, outlet_id TEXT NOT NULL, drawer_id TEXT NOT NULL, z_no INTEGER NOT NULL,
    closed_by TEXT NOT NULL, approver_id TEXT, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, closed_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL, flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX shift_closes_drawer ON shift_closes(drawer_id, z_no);
  CREATE TABLE cash_reasons (
    code TEXT PRIMARY KEY, label TEXT NOT NULL, direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'both')),
    builtin INTEGER NOT NULL, active INTEGER NOT NULL, created_at BIGINT NOT NULL, version BIGINT NOT NULL);
  INSERT INTO cash_reasons (code, label, direction, builtin, active, created_at, version) VALUES
    ('setoran-bank', 'Setoran ke bank', 'out', 1, 1, 0, 0), ('beli-plastik', 'Beli plastik', 'out', 1, 1, 0, 0),
    ('kembalian-tambahan', 'Uang kembalian tambahan', 'in', 1, 1, 0, 0), ('lain-lain', 'Lain-lain', 'both', 1, 1, 0, 0);
  `,
  // A shared drawer (issue 15): each tablet's shift ends with a close slip
  // (one per shift), the lead's close is a shift_closes row of its own shift
  // on the shared drawer, and the slips it merged are rows of their own
  // (with the copy it merged), so a slip merged twice or left out is seen.
  `
  CREATE TABLE shift_slips (
    id TEXT PRIMARY KEY, shift_id TEXT NOT NULL UNIQUE, outlet_id TEXT NOT NULL, drawer_id TEXT NOT NULL, business_date TEXT NOT NULL,
    closed_by TEXT NOT NULL, device_id TEXT NOT NULL, device_seq BIGINT NOT NULL, closed_at BIGINT NOT NULL, received_at BIGINT NOT NULL,
    flags TEXT NOT NULL, body TEXT NOT NULL);
  CREATE INDEX shift_slips_drawer ON shift_slips(drawer_id, business_date);
  CREATE TABLE shift_merge_slips (
    close_id TEXT NOT NULL, shift_id TEXT NOT NULL, drawer_id TEXT NOT NULL, business_date TEXT NOT NULL, z_no INTEGER NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY (close_id, shift_id));
  CREATE INDEX shift_merge_slips_shift ON shift_merge_slips(shift_id);
  CREATE INDEX shift_merge_slips_drawer ON shift_merge_slips(drawer_id, business_date);
  CREATE INDEX shifts_drawer_day ON shifts(drawer_id, business_date);
  `,
  // Share links of a statement (issue 16): a producer, who has no account,
  // opens the one statement sent to them. Only the token's SHA-256 is kept;
  // a link expires, an admin may revoke it, and its openings are counted.
  `
  CREATE TABLE statement_links (
    id TEXT PRIMARY KEY, settlement_id TEXT NOT NULL REFERENCES settlements(id), token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT, revoked_by TEXT,
    opens BIGINT NOT NULL, last_opened_at BIGINT);
  CREATE INDEX statement_links_settlement ON statement_links(settlement_id);
  `,
  // Names as sold (issue 16): each line keeps the product name it was sold
  // under and the category its product was in when the sale arrived, so a
  // rename or a move to another category does not rewrite last year's
  // report. Lines stored before this take the catalog's as it is now, the
  // best the server knows. The product rollup is keyed by them too and is
  // made again from the stored lines when the server next opens the store.
  { sqlite: NAMES_AS_SOLD(' WITHOUT ROWID'), postgres: NAMES_AS_SOLD('') },
  // Cash reasons an admin keeps (issue 15): each with an English label beside
  // the Bahasa one (empty: English readers see the Bahasa label), the
  // built-in ones given theirs.
  `
  ALTER TABLE cash_reasons ADD COLUMN label_en TEXT NOT NULL DEFAULT '';
  UPDATE cash_reasons SET label_en = 'Bank deposit' WHERE code = 'setoran-bank';
  UPDATE cash_reasons SET label_en = 'Plastic bags' WHERE code = 'beli-plastik';
  UPDATE cash_reasons SET label_en = 'Extra change float' WHERE code = 'kembalian-tambahan';
  UPDATE cash_reasons SET label_en = 'Other' WHERE code = 'lain-lain';
  `,
  // When each product was last counted at each outlet (issue 14): a move
  // made on another tablet before that moment which reaches the server after
  // the count is already in the counted figure, so it must not move the level
  // again. Counts stored before this are read back from their bodies.
  { sqlite: STOCK_COUNTED(`SELECT c.outlet_id, json_extract(l.value, '$.productId'), MAX(json_extract(l.value, '$.countedAt')), c.id, c.by_user
      FROM stock_counts c, json_each(c.body, '$.lines') l GROUP BY c.outlet_id, json_extract(l.value, '$.productId')`, ' WITHOUT ROWID'),
    postgres: STOCK_COUNTED(`SELECT DISTINCT ON (c.outlet_id, l->>'productId') c.outlet_id, l->>'productId', (l->>'countedAt')::BIGINT, c.id, c.by_user
      FROM stock_counts c, jsonb_array_elements((c.body::jsonb)->'lines') l ORDER BY c.outlet_id, l->>'productId', (l->>'countedAt')::BIGINT DESC`, '') },
];
