// The "Produk" tab: the catalog searched, filtered and paged on the server
// (it holds 50,000 products; this page holds one page of them), the form to
// add or change one, and deactivation with a confirmation (never deletion).
import { useEffect, useRef, useState } from 'react';
import { Button, Cell, Column, Dialog, Heading, I18nProvider, Input, Label, Modal, ModalOverlay, Row, SearchField, Table, TableBody, TableHeader } from 'react-aria-components';
import { formatRupiah } from '../../../../domain/money.ts';
import { PRODUCT_SORTS, type AdminProduct, type ProductList, type ProductListQuery, type ProductSaved, type ProductSort } from '../../../../protocol/products.ts';
import type { StringKey } from '../../../i18n/strings.ts';
import { useLanguage, useT } from '../../../i18n/use-t.ts';
import { useManagementSession } from '../../../shared/services/management-session.ts';
import { listProducts, updateProduct } from '../../../sync/product-api.ts';
import { PanelError } from '../PanelError.tsx';
import { Picker, Tick, WholeNumber } from './controls.tsx';
import { ProductForm } from './ProductForm.tsx';
import { refusalOnForm } from './product-words.ts';
import './products.css';
import { PhotoDialog } from '../labels/PhotoDialog.tsx';

/** A tablet shows about a dozen rows at once; 25 a page keeps paging rare and each page light. */
const PAGE = 25;

const SORT_WORDS: Record<ProductSort, StringKey> = {
  name: 'productsSortName',
  sku: 'productsSortSku',
  price: 'productsSortPrice',
  category: 'productsSortCategory',
  updated: 'productsSortUpdated',
  stock: 'productsSortStock',
};

type Query = Omit<ProductListQuery, 'limit'>;

export function ProductsPanel() {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  const user = useManagementSession((s) => s.session?.user ?? null);
  const ownOutlet = user?.role === 'admin' ? null : (user?.outletId ?? null);
  const [query, setQuery] = useState<Query>({ q: '', active: 'all', sort: 'name', dir: 'asc', offset: 0, outletId: ownOutlet ?? undefined });
  const [stockBelow, setStockBelow] = useState(Number.NaN);
  const [data, setData] = useState<ProductList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<AdminProduct | 'new' | null>(null);
  const [confirming, setConfirming] = useState<AdminProduct | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const asked = useRef(0);

  useEffect(() => {
    // Only the answer to the latest question is shown: typing fast sends several.
    const n = ++asked.current;
    const q: Partial<ProductListQuery> = { ...query, limit: PAGE, ...(Number.isNaN(stockBelow) || query.outletId === undefined ? {} : { stockBelow }) };
    listProducts(q).then(
      (d) => {
        if (n !== asked.current) return;
        setData(d);
        setError(null);
      },
      (e: unknown) => {
        if (n === asked.current) setError(e);
      },
    );
  }, [query, stockBelow, reloads]);

  const change = (patch: Partial<Query>) => setQuery((q) => ({ ...q, offset: 0, ...patch }));
  const saved = (s: ProductSaved) => {
    setEditing(null);
    setNotice(s.priceChanged.length > 0 ? `${t('productSaved', { name: s.product.name })} ${t('productPriceChanged', { name: s.product.name })}` : t('productSaved', { name: s.product.name }));
    setReloads((r) => r + 1);
  };
  const setActive = async (p: AdminProduct, active: boolean) => {
    try {
      await updateProduct(p.id, { active });
      setNotice(t(active ? 'productsReactivated' : 'productsDeactivated', { name: p.name }));
      setReloads((r) => r + 1);
    } catch (e) {
      setNotice(t('productNotSaved', { reason: refusalOnForm(t, e).text }));
    } finally {
      setConfirming(null);
    }
  };

  const withStock = query.outletId !== undefined;
  const from = (query.offset ?? 0) + 1;
  const shown = data?.products.length ?? 0;
  const outletChoices = [{ id: '', name: t('productsNoOutlet') }, ...(data?.outlets ?? []).filter((o) => ownOutlet === null || o.id === ownOutlet)];
  return (
    <I18nProvider locale={lang === 'en' ? 'en-US' : 'id-ID'}>
      <section aria-labelledby="products-heading" className="products-panel">
        <div className="panel-head">
          <h2 id="products-heading">{t('productsTitle')}</h2>
          <Button
            className="button primary"
            isDisabled={data === null}
            onPress={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            {t('productsAdd')}
          </Button>
        </div>
        {notice ? (
          <p role="status" className="notice">
            {notice}
          </p>
        ) : null}
        <div role="group" aria-label={t('productsFilters')} className="product-filters">
          <SearchField className="field" value={query.q ?? ''} onChange={(q) => change({ q })}>
            <Label>{t('productsSearch')}</Label>
            <Input />
          </SearchField>
          <Picker
            label={t('productsCategory')}
            value={query.category ?? ''}
            choices={[{ id: '', name: t('productsAnyCategory') }, ...(data?.categories ?? []).map((c) => ({ id: c, name: c }))]}
            onChange={(id) => change({ category: id === '' ? undefined : id })}
          />
          <Picker
            label={t('productsProducer')}
            value={query.producerId ?? ''}
            choices={[{ id: '', name: t('productsAnyProducer') }, ...(data?.producers ?? []).map((p) => ({ id: p.id, name: p.name }))]}
            onChange={(id) => change({ producerId: id === '' ? undefined : id })}
          />
          <Picker
            label={t('productsStatus')}
            value={query.active}
            choices={[
              { id: 'all', name: t('productsStatusAll') },
              { id: 'true', name: t('productsStatusActive') },
              { id: 'false', name: t('productsStatusInactive') },
            ]}
            onChange={(id) => change({ active: id === 'true' ? 'true' : id === 'false' ? 'false' : 'all' })}
          />
          <Picker label={t('productsOutlet')} value={query.outletId ?? ''} choices={outletChoices} onChange={(id) => change({ outletId: id === '' ? undefined : id, ...(id === '' && query.sort === 'stock' ? { sort: 'name' } : {}) })} />
          {withStock ? <WholeNumber label={t('productsStockBelow')} value={stockBelow} min={-1_000_000} onChange={setStockBelow} /> : null}
          <Picker
            label={t('productsSort')}
            value={query.sort}
            choices={PRODUCT_SORTS.filter((s) => s !== 'stock' || withStock).map((s) => ({ id: s, name: t(SORT_WORDS[s]) }))}
            onChange={(id) => change({ sort: PRODUCT_SORTS.find((s) => s === id) ?? 'name' })}
          />
          <Tick value={query.dir === 'desc'} onChange={(v) => change({ dir: v ? 'desc' : 'asc' })}>
            {t('productsSortDesc')}
          </Tick>
        </div>
        {error !== null ? <PanelError error={error} /> : null}
        {data === null && error === null ? <p>{t('productsLoading')}</p> : null}
        {data !== null ? (
          <>
            <div className="table-scroll">
              <Table aria-label={t('productsTable')} className="sales-table product-table">
                <TableHeader>
                  <Column isRowHeader>{t('productsColName')}</Column>
                  <Column>{t('productsColSku')}</Column>
                  <Column>{t('productsColBarcode')}</Column>
                  <Column>{t('productsColCategory')}</Column>
                  <Column>{t('productsColProducer')}</Column>
                  <Column>{t('productsColPrice')}</Column>
                  {withStock ? <Column>{t('productsColStock')}</Column> : null}
                  <Column>{t('productsColStatus')}</Column>
                  <Column>{t('productsColActions')}</Column>
                </TableHeader>
                <TableBody items={data.products} renderEmptyState={() => <p className="notice">{t('productsNone')}</p>}>
                  {(p) => (
                    <Row id={p.id} className={p.active ? undefined : 'inactive'}>
                      <Cell>{p.name}</Cell>
                      <Cell>{p.sku}</Cell>
                      <Cell>{p.barcode ?? ''}</Cell>
                      <Cell>{p.category}</Cell>
                      <Cell>{p.producerName}</Cell>
                      <Cell className="num">{formatRupiah(p.price)}</Cell>
                      {withStock ? <Cell className={`num${(p.stock ?? 0) < 0 ? ' error' : ''}`}>{p.stock ?? 0}</Cell> : null}
                      <Cell>{p.active ? t('productsStatusActive') : t('productsStatusInactive')}</Cell>
                      <Cell>
                        <div className="row-actions">
                          <Button
                            className="button secondary small"
                            aria-label={t('productsEditNamed', { name: p.name })}
                            onPress={() => {
                              setNotice(null);
                              setEditing(p);
                            }}
                          >
                            {t('productsEdit')}
                          </Button>
                          <PhotoDialog
                            product={{ productId: p.id, name: p.name, imageUrl: p.imageUrl ?? null }}
                            onSaved={() => setReloads((r) => r + 1)}
                            onRemoved={() => setReloads((r) => r + 1)}
                          />
                          {p.active ? (
                            <Button className="button secondary small" aria-label={t('productsDeactivateNamed', { name: p.name })} onPress={() => setConfirming(p)}>
                              {t('productsDeactivate')}
                            </Button>
                          ) : (
                            <Button className="button secondary small" aria-label={t('productsReactivateNamed', { name: p.name })} onPress={() => void setActive(p, true)}>
                              {t('productsReactivate')}
                            </Button>
                          )}
                        </div>
                      </Cell>
                    </Row>
                  )}
                </TableBody>
              </Table>
            </div>
            <nav className="pager" aria-label={t('productsTable')}>
              <Button className="button secondary" isDisabled={(query.offset ?? 0) === 0} onPress={() => setQuery((q) => ({ ...q, offset: Math.max(0, (q.offset ?? 0) - PAGE) }))}>
                {t('productsPrev')}
              </Button>
              <span role="status">{t('productsPage', { from: shown === 0 ? 0 : from, to: from + shown - 1, total: data.total })}</span>
              <Button className="button secondary" isDisabled={from + shown - 1 >= data.total} onPress={() => setQuery((q) => ({ ...q, offset: (q.offset ?? 0) + PAGE }))}>
                {t('productsNext')}
              </Button>
            </nav>
          </>
        ) : null}
        {editing !== null && data !== null ? <ProductForm product={editing === 'new' ? null : editing} lists={data} onClose={() => setEditing(null)} onSaved={saved} /> : null}
        {confirming !== null ? (
          <ModalOverlay isOpen isDismissable onOpenChange={(open) => (open ? undefined : setConfirming(null))} className="modal-overlay">
            <Modal className="modal">
              <Dialog role="alertdialog" aria-labelledby="deactivate-title">
                <Heading slot="title" id="deactivate-title">
                  {t('productsDeactivateTitle', { name: confirming.name })}
                </Heading>
                <p>{t('productsDeactivateHelp')}</p>
                <div className="actions">
                  <Button className="button danger" onPress={() => void setActive(confirming, false)}>
                    {t('productsDeactivate')}
                  </Button>
                  <Button className="button secondary" onPress={() => setConfirming(null)} autoFocus>
                    {t('productsCancel')}
                  </Button>
                </div>
              </Dialog>
            </Modal>
          </ModalOverlay>
        ) : null}
      </section>
    </I18nProvider>
  );
}
