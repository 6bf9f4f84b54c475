// Finding products: word-prefix search over name, SKU, barcode, category and
// producer; a category filter; a touch grid or a keyboard list. Arrow keys
// move through results while focus stays in the search box; Enter adds.
import { useLiveQuery } from 'dexie-react-hooks';
import { wrongCheckDigit } from '../../../domain/ean13.ts';
import { useDeferredValue, useEffect, useState, type KeyboardEvent } from 'react';
import { addToCart, CartSizeError } from '../../db/cart-repo.ts';
import { catalogRevision, catalogShape, findByCode, listCategories, productCount, searchProducts, type ProductHit } from '../../db/catalog-repo.ts';
import type { KasirDb } from '../../db/database.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../shared/services/services.tsx';
import { Money } from '../../ui/Money.tsx';
import { ProductTile } from '../../ui/ProductTile.tsx';
import { VirtualList } from '../../ui/VirtualList.tsx';
import { sizeRefusalText } from './size-refusal.ts';

export function cartLineOf(p: ProductHit) {
  return { productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, ...(p.tax === 'exempt' ? { taxExempt: true } : {}) };
}

// The grid is for touch and shows a screenful; the list is for the keyboard,
// virtualised, so it can hold every match a counter would scroll through.
const LIMIT = { grid: 60, list: 1000 } as const;
const ROW_HEIGHT = 60;

/** Search results that follow the query and the catalog, newest query winning. */
function useProductSearch(db: KasirDb, query: string, outletId: string, category: string | null, limit: number): ProductHit[] | undefined {
  const revision = useLiveQuery(() => catalogRevision(db), [db]);
  const [result, setResult] = useState<{ key: string; hits: ProductHit[] } | null>(null);
  const key = JSON.stringify([query, outletId, category, limit, revision]);
  useEffect(() => {
    if (revision === undefined) return;
    let current = true;
    searchProducts(db, query, outletId, { category, limit })
      .then((hits) => {
        if (current) setResult({ key, hits });
      })
      // A search that fails (database closing) keeps the last results; the checkout shows storage errors itself.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [db, query, outletId, category, limit, revision, key]);
  // Until the new query answers, the previous results stay on screen.
  return result?.hits;
}

/** The category list and product count, read again when a pull completes or moves on by a page (catalogShape), never per row written. */
function useCatalogShape(db: KasirDb): { categories: string[] | undefined; count: number | undefined } {
  const shape = useLiveQuery(() => catalogShape(db), [db]);
  const [categories, setCategories] = useState<string[]>();
  const [count, setCount] = useState<number>();
  const revision = shape?.revision;
  const pulled = shape?.pulled;
  useEffect(() => {
    if (revision === undefined) return;
    let current = true;
    listCategories(db)
      .then((c) => current && setCategories(c))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [db, revision]);
  useEffect(() => {
    if (revision === undefined) return;
    let current = true;
    productCount(db)
      .then((n) => current && setCount(n))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [db, revision, pulled]);
  return { categories, count };
}

interface Props {
  outletId: string;
  initialQuery: string;
  onCamera: () => void;
}

export function ProductSearch({ outletId, initialQuery, onCamera }: Props) {
  const t = useT();
  const db = useDb();
  const [query, setQuery] = useState(initialQuery);
  const [category, setCategory] = useState<string | null>(null);
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const [active, setActive] = useState(0);
  // A typed barcode whose last digit cannot be right: a typo to fix, not a product to look for.
  const [badCode, setBadCode] = useState<{ code: string; expected: number } | null>(null);
  // Typing stays instant; the search catches up when the browser is free.
  const deferred = useDeferredValue(query);
  const hits = useProductSearch(db, deferred, outletId, category, LIMIT[view]);
  const { categories, count } = useCatalogShape(db);
  const results = hits ?? [];
  const activeIndex = Math.min(active, Math.max(0, results.length - 1));

  const [refusal, setRefusal] = useState<string | null>(null);
  const add = async (p: ProductHit) => {
    try {
      await addToCart(db, cartLineOf(p));
    } catch (e) {
      // Past a sale's limits: the cart stays as it was and the screen says why.
      if (e instanceof CartSizeError) return setRefusal(sizeRefusalText(t, e));
      throw e;
    }
    setRefusal(null);
    setQuery('');
    setActive(0);
  };

  const onKeyDown = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(Math.max(0, Math.min(results.length - 1, activeIndex + step)));
      return;
    }
    if (e.key === 'Escape') {
      setQuery('');
      setActive(0);
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    // A code typed by hand (a scanner's codes are caught before they get here).
    const exact = /^[\dA-Za-z-]{4,14}$/.test(query.trim()) ? await findByCode(db, query, outletId) : null;
    const misTyped = exact ? null : wrongCheckDigit(query.trim());
    if (misTyped) return setBadCode({ code: query.trim(), expected: misTyped.expected });
    const pick = exact ?? (query.trim() !== '' ? results[activeIndex] : undefined);
    if (pick) await add(pick);
  };

  const optionId = (i: number) => `product-option-${i}`;

  return (
    <section className="search" aria-label={t('searchLabel')}>
      <div className="search-bar">
        <input
          type="search"
          className="search-input"
          aria-label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          value={query}
          autoFocus
          aria-controls="product-results"
          aria-activedescendant={view === 'list' && results.length > 0 ? optionId(activeIndex) : undefined}
          aria-describedby={badCode ? 'search-code-problem' : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setBadCode(null);
          }}
          onKeyDown={(e) => void onKeyDown(e)}
        />
        <button type="button" className="secondary" onClick={onCamera}>
          {t('cameraScan')}
        </button>
      </div>
      {badCode ? (
        <p id="search-code-problem" className="error" role="alert">
          {t('typedBadCheckDigit', badCode)}
        </p>
      ) : null}
      <div className="search-filters">
        <label className="inline">
          <span>{t('category')}</span>
          <select value={category ?? ''} onChange={(e) => setCategory(e.target.value === '' ? null : e.target.value)}>
            <option value="">{t('allCategories')}</option>
            {(categories ?? []).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <div role="radiogroup" aria-label={t('view')} className="view-toggle">
          {(['grid', 'list'] as const).map((v) => (
            <button key={v} type="button" role="radio" aria-checked={view === v} className={view === v ? 'method selected' : 'method'} onClick={() => setView(v)}>
              {v === 'grid' ? t('viewGrid') : t('viewList')}
            </button>
          ))}
        </div>
      </div>
      {refusal ? (
        <p role="alert" className="error">
          {refusal}
        </p>
      ) : null}
      {count === 0 ? <p className="notice">{t('catalogEmpty')}</p> : null}
      {hits && hits.length === 0 && deferred.trim() !== '' ? <p className="notice">{t('noResults', { q: deferred })}</p> : null}
      {view === 'grid' ? (
        <ul id="product-results" className="product-grid" aria-label={t('searchResults')}>
          {results.map((p, i) => (
            <li key={p.id}>
              <button
                type="button"
                className={i === activeIndex && query.trim() !== '' ? 'product-card active' : 'product-card'}
                onClick={() => void add(p)}
              >
                {/* The name starts with the visible text (WCAG 2.5.3), read as "Tambah <name> ...". */}
                <span className="visually-hidden">{t('add')}</span>{' '}
                <ProductTile category={p.category} name={p.name} imageUrl={p.imageUrl} />
                {/* Spaces between the parts keep the spoken name from running words together. */}
                <span className="product-name">{p.name}</span>{' '}
                <span className="product-meta">
                  {p.category} · {p.producerName}
                </span>{' '}
                <Money value={p.price} className="product-price" />{' '}
                <span className={p.stock !== null && p.stock <= 0 ? 'product-stock low' : 'product-stock'}>
                  {p.stock === null ? t('stockUnknown') : t('stockLeft', { n: p.stock })}
                </span>
              </button>
              {p.story ? (
                // The craft and the workshop, for the customer who asks; outside the card, so opening it adds nothing to the cart.
                <details className="product-story">
                  <summary>{t('productStoryOf', { name: p.name })}</summary>
                  <p>{p.story}</p>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <VirtualList
          id="product-results"
          label={t('searchResults')}
          count={results.length}
          rowHeight={ROW_HEIGHT}
          height={Math.min(results.length, 9) * ROW_HEIGHT}
          activeIndex={activeIndex}
          renderRow={(i) => {
            const p = results[i];
            if (!p) return null;
            return (
              <div
                id={optionId(i)}
                role="option"
                aria-selected={i === activeIndex}
                aria-posinset={i + 1}
                aria-setsize={results.length}
                className={i === activeIndex ? 'product-row active' : 'product-row'}
                onClick={() => void add(p)}
              >
                <span className="product-name">{p.name}</span>
                <span className="product-meta">
                  {p.sku} · {p.producerName}
                </span>
                <Money value={p.price} className="product-price" />
                <span className="product-stock">{p.stock === null ? '' : p.stock}</span>
              </div>
            );
          }}
        />
      )}
    </section>
  );
}
