// Pieces the Stok sections share: picking a product by search (a scan goes
// through the page's scanner), a list of lines with a quantity each, and a
// labelled select. Built on react-aria-components, so each control has its
// label, keyboard handling and touch targets from the library.
import { useEffect, useId, useState, type Key, type ReactNode } from 'react';
import { Button, Input, Label, ListBox, ListBoxItem, NumberField, Popover, Select, SelectValue, TextField, Group } from 'react-aria-components';
import { searchProducts, type ProductHit } from '../../db/catalog-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';

export interface Line {
  productId: string;
  name: string;
  sku: string;
  producerId: string;
  price: number;
  qty: number;
  unitCost?: number;
}

export function lineOf(hit: ProductHit, qty = 1): Line {
  return { productId: hit.id, name: hit.name, sku: hit.sku, producerId: hit.producerId, price: hit.price, qty };
}

/** Adds `qty` of a product, on its existing line when it has one (each scan is one more piece). */
export function addLine(lines: readonly Line[], line: Line): Line[] {
  const at = lines.findIndex((l) => l.productId === line.productId);
  if (at < 0) return [...lines, line];
  return lines.map((l, i) => (i === at ? { ...l, qty: l.qty + line.qty } : l));
}

/**
 * The lines of a document being made, each with its quantity field, any
 * extra fields (`extra`: the cost on a producer's note) and a remove button.
 * A receipt, a transfer and an adjustment list their lines this one way;
 * `signed` lets a line go below zero (an adjustment takes units out).
 */
export function LineList({ lines, onChange, signed = false, extra }: { lines: readonly Line[]; onChange: (next: (ls: Line[]) => Line[]) => void; signed?: boolean; extra?: (l: Line, set: (patch: Partial<Line>) => void) => ReactNode }) {
  const t = useT();
  if (lines.length === 0) return <p>{t('stockNoLines')}</p>;
  const set = (productId: string) => (patch: Partial<Line>) => onChange((ls) => ls.map((x) => (x.productId === productId ? { ...x, ...patch } : x)));
  return (
    <ul className="stock-lines" aria-label={t('stockLines')}>
      {lines.map((l) => (
        <li key={l.productId}>
          <span className="stock-line-name">{l.name}</span>
          {signed ? (
            <QtyField label={t('stockChangeOf', { name: l.name })} value={l.qty} min={-100_000} onChange={(qty) => set(l.productId)({ qty })} />
          ) : (
            <QtyField label={t('stockQtyOf', { name: l.name })} value={l.qty} min={1} onChange={(qty) => set(l.productId)({ qty: Math.max(1, qty) })} />
          )}
          {extra?.(l, set(l.productId))}
          <Button className="secondary" aria-label={t('stockRemoveLine', { name: l.name })} onPress={() => onChange((ls) => ls.filter((x) => x.productId !== l.productId))}>
            ✕
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** A search box whose hits each have an add button; `filter` narrows the hits (a producer's products). */
export function ProductPicker({ outletId, onPick, filter, label }: { outletId: string; onPick: (hit: ProductHit) => void; filter?: (hit: ProductHit) => boolean; label?: string }) {
  const t = useT();
  const db = useDb();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ProductHit[]>([]);
  useEffect(() => {
    let live = true;
    if (query.trim() === '') {
      setHits([]);
      return;
    }
    void searchProducts(db, query, outletId, { limit: 20 }).then((found) => {
      if (live) setHits((filter ? found.filter(filter) : found).slice(0, 8));
    });
    return () => {
      live = false;
    };
  }, [db, query, outletId, filter]);
  return (
    <div className="stock-picker">
      <TextField value={query} onChange={setQuery} className="field">
        <Label>{label ?? t('stockFindProduct')}</Label>
        <Input placeholder={t('stockFindPlaceholder')} />
      </TextField>
      {hits.length > 0 ? (
        <ul className="stock-hits" aria-label={t('stockHits')}>
          {hits.map((h) => (
            <li key={h.id}>
              <span>
                {h.name} <small>{h.sku}</small>
              </span>
              <Button
                className="secondary"
                aria-label={t('stockAddProduct', { name: h.name })}
                onPress={() => {
                  onPick(h);
                  setQuery('');
                }}
              >
                {t('add')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function QtyField({ label, value, onChange, min = 0, max = 100_000 }: { label: string; value: number; onChange: (n: number) => void; min?: number; max?: number }) {
  return (
    <NumberField value={value} onChange={(n) => onChange(Number.isFinite(n) ? Math.trunc(n) : 0)} minValue={min} maxValue={max} className="field qty-field" formatOptions={{ useGrouping: false }}>
      <Label>{label}</Label>
      <Group>
        <Input inputMode="numeric" />
      </Group>
    </NumberField>
  );
}

/** A labelled single choice from a short list (an outlet, a producer, a reason). */
export function ChoiceField({ label, value, onChange, options, placeholder }: { label: string; value: string | null; onChange: (v: string) => void; options: readonly { id: string; name: string }[]; placeholder?: string }) {
  // The Select's hidden native select is placed inside this wrapper (styles.css), not at the page's edge.
  return (
    <div className="choice-field-wrap">
    <Select value={value} onChange={(k: Key | null) => k !== null && onChange(String(k))} className="field choice-field" placeholder={placeholder ?? ''}>
      <Label>{label}</Label>
      <Button className="choice-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="choice-popover">
        <ListBox>
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} textValue={o.name} className="choice-option">
              {o.name}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
    </div>
  );
}

/** A note under a form: what was saved, or why not. */
export function Note({ note }: { note: { ok: boolean; text: string } | null }) {
  if (note === null) return null;
  return (
    <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'note ok' : 'note error'}>
      {note.text}
    </p>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="stock-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
