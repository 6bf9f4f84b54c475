import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useState, type KeyboardEvent } from 'react';
import { addToCart } from '../../db/cart-repo.ts';
import { findByCode, searchProducts, type ProductHit } from '../../db/catalog-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useDb } from '../../lib/services.tsx';
import { Money } from '../../ui/Money.tsx';

export function cartLineOf(p: ProductHit) {
  return { productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price };
}

export function ProductSearch({ outletId }: { outletId: string }) {
  const t = useT();
  const db = useDb();
  const [query, setQuery] = useState('');
  // Typing stays instant; the search catches up a frame later.
  const deferred = useDeferredValue(query);
  const hits = useLiveQuery(() => searchProducts(db, deferred, outletId), [db, deferred, outletId]);
  const count = useLiveQuery(() => db.products.count(), [db]);

  const onKeyDown = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const exact = /^\d{6,14}$/.test(query.trim()) ? await findByCode(db, query, outletId) : null;
    const pick = exact ?? (hits && hits.length === 1 ? hits[0] : null);
    if (pick) {
      await addToCart(db, cartLineOf(pick));
      setQuery('');
    }
  };

  return (
    <section className="search" aria-label={t('searchLabel')}>
      <input
        type="search"
        className="search-input"
        aria-label={t('searchLabel')}
        placeholder={t('searchPlaceholder')}
        value={query}
        autoFocus
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => void onKeyDown(e)}
      />
      {count === 0 ? <p className="notice">{t('catalogEmpty')}</p> : null}
      {hits && hits.length === 0 && deferred.trim() !== '' ? <p className="notice">{t('noResults', { q: deferred })}</p> : null}
      <ul className="product-grid" aria-label={t('searchResults')}>
        {(hits ?? []).map((p) => (
          <li key={p.id}>
            <button type="button" className="product-card" aria-label={t('addToCart', { name: p.name })} onClick={() => void addToCart(db, cartLineOf(p))}>
              <span className="product-name">{p.name}</span>
              <span className="product-meta">
                {p.category} · {p.producerName}
              </span>
              <Money value={p.price} className="product-price" />
              <span className={p.stock !== null && p.stock <= 0 ? 'product-stock low' : 'product-stock'}>
                {p.stock === null ? t('stockUnknown') : t('stockLeft', { n: p.stock })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
