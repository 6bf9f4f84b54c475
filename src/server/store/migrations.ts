// Append-only migrations, written in the SQL both engines accept. Never edit
// a shipped one; add the next.
export const MIGRATIONS: readonly string[] = [
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
];
