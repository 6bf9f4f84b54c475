// The open cart. Adding is free up to the hard limits of domain/cart.ts;
// another price, a discount beyond the outlet's limit and a sale beyond its
// large-sale limits need a supervisor's PIN, and so does taking out (a lower
// quantity, a removed line, an emptied cart) where the outlet says so; each
// is recorded with the sale. All of it works offline: PINs are checked here.
import { useId, useRef, useState } from 'react';
import { largeSaleReasons, overLimit, type ApprovalKind, type LargeSaleLimits, type LargeSaleReason, type RequiredApproval } from '../../../domain/approval.ts';
import { computeTotals, discountAmount, MAX_LINE_QTY, parseLineQty, type Discount, type LineQtyProblem, type TaxMode } from '../../../domain/cart.ts';
import { formatNumber, formatRupiah } from '../../../domain/money.ts';
import { addCartApprovals, addLineUnits, CartSizeError, holdCart, OPEN_CART, setCartNote, setLineDiscount, setLineQty, setLinePrice, setOrderDiscount } from '../../db/cart-repo.ts';
import type { CartLine, CartRow, UserRow } from '../../db/schema.ts';
import { voidCartUnits, voidWholeCart } from '../../db/void-repo.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/use-t.ts';
import { useApproval } from '../../shared/approvals/approval-dialog.tsx';
import { approvalDetail, makeApproval, missingCartApprovals, type ApprovalGrant } from '../../shared/approvals/approvals.ts';
import { useDb } from '../../shared/services/services.tsx';
import { DiscountEditor, describeDiscount } from '../../ui/DiscountEditor.tsx';
import { Money } from '../../ui/Money.tsx';
import { sizeRefusalText } from './size-refusal.ts';
import { PriceEditor } from '../../ui/PriceEditor.tsx';

type Editing = { kind: 'line'; index: number } | { kind: 'price'; index: number } | { kind: 'order' } | { kind: 'hold' } | { kind: 'cancel' } | null;

interface Props {
  cart: CartRow;
  taxMode: TaxMode;
  /** The outlet's limit on discounts without a supervisor, in basis points. */
  limitBp: number;
  user: UserRow | null;
  /** The outlet's policies from its store settings. */
  policy: CartPolicy;
  /** Stock each product shows (server level less this device's unsynced sales); null where unknown. */
  stock: ReadonlyMap<string, number | null>;
  /** Why Bayar cannot go on now (no shift open), said next to it rather than a press that does nothing. */
  payRefusal?: string | null;
  onPay: () => void;
}

export interface CartPolicy {
  /** Taking units out of the open cart needs a supervisor. */
  removalNeedsApproval: boolean;
  large: LargeSaleLimits;
}

export function CartPanel({ cart, taxMode, limitBp, user, policy, stock, payRefusal = null, onPay }: Props) {
  const t = useT();
  const db = useDb();
  const totals = computeTotals(cart.lines, cart.orderDiscount, taxMode);
  const empty = cart.lines.length === 0;
  const [editing, setEditing] = useState<Editing>(null);
  const [holdLabel, setHoldLabel] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { ask, dialog } = useApproval();
  const limit = describeDiscount({ kind: 'percent', bp: limitBp });

  /** Asks for a PIN with the act in the screen's words; the record gets the same words in Bahasa Indonesia. */
  const approve = async (key: StringKey, params: Record<string, string | number>): Promise<{ grant: ApprovalGrant; detail: string } | null> => {
    const grant = await ask(t(key, params));
    return grant ? { grant, detail: approvalDetail(key, params) } : null;
  };
  const record = (g: { grant: ApprovalGrant; detail: string }, kind: ApprovalKind, lineId: string | null) => makeApproval(g.grant, kind, lineId, g.detail, user?.id ?? null);
  const run = (p: Promise<unknown>) =>
    void p.then(
      () => setProblem(null),
      (e: unknown) => setProblem(e instanceof CartSizeError ? sizeRefusalText(t, e) : e instanceof Error ? e.message : String(e)),
    );
  // The outlet's choice; with nobody signed in (never at the counter) a supervisor must.
  const mayTakeOutAlone = !policy.removalNeedsApproval && user !== null;


  const takeOut = (line: CartLine, index: number, units: number) =>
    run(
      (async () => {
        const lineId = line.id;
        if (!lineId || units <= 0) return;
        if (mayTakeOutAlone) return voidCartUnits(db, { lineId, units, approval: null, by: user.id });
        const g = await approve('approveVoidLine', { units, name: line.name, from: line.qty, to: line.qty - units });
        if (!g) return;
        await voidCartUnits(db, { lineId, units, approval: record(g, 'void-line', lineId), by: user?.id ?? g.grant.approver.id });
      })(),
    );

  const reprice = (line: CartLine, index: number, price: number) =>
    run(
      (async () => {
        const lineId = line.id;
        const list = line.listPrice ?? line.unitPrice;
        if (!lineId || price === line.unitPrice) return;
        if (price === list) return setLinePrice(db, lineId, price, null);
        const g = await approve('approvePrice', { name: line.name, from: formatRupiah(list), to: formatRupiah(price) });
        if (g) await setLinePrice(db, lineId, price, record(g, 'price-override', lineId));
      })(),
    );

  const discountLine = (line: CartLine, index: number, d: Discount | null) =>
    run(
      (async () => {
        const base = line.unitPrice * line.qty;
        const taken = discountAmount(base, d);
        if (!d || !overLimit(taken, base, limitBp)) return setLineDiscount(db, index, d, null);
        const lineId = line.id;
        const g = await approve('approveDiscountLine', { discount: describeDiscount(d), name: line.name, amount: formatRupiah(taken), base: formatRupiah(base), limit });
        if (g) await setLineDiscount(db, index, d, record(g, 'discount-over-limit', lineId));
      })(),
    );

  const discountOrder = (d: Discount | null) =>
    run(
      (async () => {
        const base = totals.subtotal - totals.lineDiscounts;
        const taken = discountAmount(base, d);
        if (!d || !overLimit(taken, base, limitBp)) return setOrderDiscount(db, d, null);
        const g = await approve('approveDiscountOrder', { discount: describeDiscount(d), amount: formatRupiah(taken), base: formatRupiah(base), limit });
        if (g) await setOrderDiscount(db, d, record(g, 'discount-over-limit', null));
      })(),
    );

  const clearAll = () =>
    run(
      (async () => {
        if (mayTakeOutAlone) {
          await voidWholeCart(db, OPEN_CART, null, user.id);
          setEditing(null);
          return;
        }
        const g = await approve('approveClearCart', { n: totals.itemCount, total: formatRupiah(totals.total) });
        if (!g) return;
        await voidWholeCart(db, OPEN_CART, record(g, 'void-line', null), user?.id ?? g.grant.approver.id);
        setEditing(null);
      })(),
    );

  /** What the cart still lacks, in words, for the one PIN asked before payment. */
  const describeMissing = (m: RequiredApproval, lang: (k: StringKey, p?: Record<string, string | number>) => string): string => {
    const line = cart.lines.find((l) => l.id === m.lineId);
    if (m.kind === 'price-override') return lang('missingPrice', { name: line?.name ?? '' });
    return line ? lang('missingLineDiscount', { name: line.name, limit }) : lang('missingOrderDiscount', { limit });
  };
  const describeLarge = (r: LargeSaleReason, lang: (k: StringKey, p?: Record<string, string | number>) => string): string =>
    r.kind === 'line-qty'
      ? lang('largeLine', { qty: r.qty, name: cart.lines[r.index]?.name ?? '', limit: r.limit })
      : lang('largeTotal', { total: formatRupiah(r.total), limit: formatRupiah(r.limit) });
  const pay = () =>
    run(
      (async () => {
        if (payRefusal) throw new Error(payRefusal);
        // A large sale is seen by a supervisor as it is paid: the approval's words name the sale as
        // it stands, so one given before the cart changed does not cover it.
        const large = largeSaleReasons(cart.lines, totals.total, policy.large);
        if (large.length > 0) {
          const detail = approvalDetail('approveLargeSale', { list: large.map((r) => describeLarge(r, approvalDetail)).join('; ') });
          if (!(cart.approvals ?? []).some((a) => a.kind === 'large-sale' && a.detail === detail)) {
            const grant = await ask(t('approveLargeSale', { list: large.map((r) => describeLarge(r, t)).join('; ') }));
            if (!grant) return;
            await addCartApprovals(db, [makeApproval(grant, 'large-sale', null, detail, user?.id ?? null)]);
          }
        }
        // A discount can pass the limit untouched, when the lines under it change: checked once more here.
        // A voided line names its own approval by id; one asked now could not cover it (nor can one go missing).
        const missing = missingCartApprovals(cart, taxMode, limitBp).filter((m) => m.kind !== 'void-line');
        if (missing.length > 0) {
          const list = missing.map((m) => describeMissing(m, t)).join('; ');
          const grant = await ask(t('approveBeforePay', { list }));
          if (!grant) return;
          const detail = approvalDetail('approveBeforePay', { list: missing.map((m) => describeMissing(m, approvalDetail)).join('; ') });
          await addCartApprovals(
            db,
            missing.map((m) => makeApproval(grant, m.kind, m.lineId, detail, user?.id ?? null)),
          );
        }
        onPay();
      })(),
    );

  return (
    <section className="cart" aria-labelledby="cart-heading">
      <h2 id="cart-heading">
        {t('cart')} <span className="muted">({t('items', { n: totals.itemCount })})</span>
      </h2>
      {empty ? <p className="notice">{t('cartEmpty')}</p> : null}
      <ul className="cart-lines" aria-label={t('cart')}>
        {cart.lines.map((l, i) => {
          const lt = totals.lines[i];
          const overridden = l.listPrice !== undefined && l.listPrice !== l.unitPrice;
          // Stock is the server's to decide (the goods may be on the shelf): a warning, never a block.
          const left = stock.get(l.productId);
          const short = left !== undefined && left !== null && l.qty > left;
          return (
            <li key={l.id} className="cart-line">
              <div className="cart-line-name">{l.name}</div>
              <div className="cart-line-controls">
                <button type="button" className="qty-btn" aria-label={t('decreaseQty', { name: l.name })} onClick={() => takeOut(l, i, 1)}>
                  −
                </button>
                <QtyInput
                  label={t('setQty', { name: l.name })}
                  qty={l.qty}
                  onIncrease={(n) => run(setLineQty(db, i, n))}
                  onDecrease={(n) => takeOut(l, i, l.qty - n)}
                />
                <button type="button" className="qty-btn" aria-label={t('increaseQty', { name: l.name })} onClick={() => run(addLineUnits(db, l.id))}>
                  +
                </button>
                <span className="cart-line-price">
                  × <Money value={l.unitPrice} />
                  {overridden ? (
                    <span className="muted small" data-testid="list-price">
                      {' '}
                      {t('priceWas', { price: formatRupiah(l.listPrice ?? 0) })}
                    </span>
                  ) : null}
                </span>
                <Money value={lt?.net ?? 0} className="cart-line-total" />
              </div>
              {short ? <p className="cart-line-warn small">{t('stockShort', { n: left })}</p> : null}
              <div className="cart-line-controls">
                <button
                  type="button"
                  className="small secondary"
                  aria-label={t('lineDiscount', { name: l.name })}
                  aria-expanded={editing?.kind === 'line' && editing.index === i}
                  onClick={() => setEditing(editing?.kind === 'line' && editing.index === i ? null : { kind: 'line', index: i })}
                >
                  {t('discount')}
                  {l.discount ? ` ${describeDiscount(l.discount)} (−${new Intl.NumberFormat('id-ID').format(lt?.lineDiscount ?? 0)})` : ''}
                </button>
                <button
                  type="button"
                  className="small secondary"
                  aria-label={t('changePriceOf', { name: l.name })}
                  aria-expanded={editing?.kind === 'price' && editing.index === i}
                  onClick={() => setEditing(editing?.kind === 'price' && editing.index === i ? null : { kind: 'price', index: i })}
                >
                  {t('changePrice')}
                </button>
                <button type="button" className="remove-btn" aria-label={t('removeLine', { name: l.name })} onClick={() => takeOut(l, i, l.qty)}>
                  ✕
                </button>
              </div>
              {editing?.kind === 'line' && editing.index === i ? (
                <DiscountEditor label={t('lineDiscount', { name: l.name })} value={l.discount} onApply={(d) => discountLine(l, i, d)} onClose={() => setEditing(null)} />
              ) : null}
              {editing?.kind === 'price' && editing.index === i ? (
                <PriceEditor
                  label={t('priceOf', { name: l.name })}
                  price={l.unitPrice}
                  listPrice={l.listPrice ?? l.unitPrice}
                  onApply={(p) => reprice(l, i, p)}
                  onClose={() => setEditing(null)}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {(cart.voidedLines ?? []).length > 0 ? (
        <p className="muted small" data-testid="voided-lines">
          {t('voidedInCart', { list: (cart.voidedLines ?? []).map((v) => `${v.qty} × ${v.name}`).join(', ') })}
        </p>
      ) : null}

      {!empty ? (
        <div className="cart-extras">
          <button
            type="button"
            className="small secondary"
            aria-expanded={editing?.kind === 'order'}
            onClick={() => setEditing(editing?.kind === 'order' ? null : { kind: 'order' })}
          >
            {t('orderDiscount')}
            {cart.orderDiscount ? ` ${describeDiscount(cart.orderDiscount)}` : ''}
          </button>
          {editing?.kind === 'order' ? (
            <DiscountEditor label={t('orderDiscount')} value={cart.orderDiscount} onApply={discountOrder} onClose={() => setEditing(null)} />
          ) : null}
          <label className="field compact">
            <span>{t('note')}</span>
            <input
              value={note ?? cart.note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => {
                if (note !== null) void setCartNote(db, note).then(() => setNote(null));
              }}
            />
          </label>
        </div>
      ) : null}

      <dl className="totals">
        {totals.lineDiscounts + totals.orderDiscount > 0 ? (
          <>
            <dt>{t('subtotal')}</dt>
            <dd>
              <Money value={totals.subtotal} />
            </dd>
            <dt>{t('discount')}</dt>
            <dd data-testid="cart-discount">
              <Money value={-(totals.lineDiscounts + totals.orderDiscount)} />
            </dd>
          </>
        ) : null}
        <dt className="grand">{t('total')}</dt>
        <dd className="grand" data-testid="cart-total">
          <Money value={totals.total} />
        </dd>
        {taxMode === 'ppn-included' && !empty ? (
          <>
            <dt className="muted small">{t('ppnIncluded')}</dt>
            <dd className="muted small">
              <Money value={totals.tax} />
            </dd>
          </>
        ) : null}
      </dl>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      {/* On a phone this row is a bar fixed at the bottom; the total shows in it from CSS, so no screen reader hears it twice. */}
      <div className="cart-actions" data-total={empty ? undefined : `${t('total')} ${formatRupiah(totals.total)}`}>
        {editing?.kind === 'cancel' ? (
          <div role="group" aria-label={t('confirmCancel')} className="confirm">
            <span>{t('confirmCancel')}</span>
            <button type="button" className="danger" onClick={clearAll}>
              {t('cancelSale')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              {t('back')}
            </button>
          </div>
        ) : editing?.kind === 'hold' ? (
          <div role="group" aria-label={t('hold')} className="confirm">
            <label className="field compact">
              <span>{t('holdLabel')}</span>
              <input value={holdLabel} autoFocus maxLength={60} onChange={(e) => setHoldLabel(e.target.value)} />
            </label>
            <button
              type="button"
              className="primary"
              onClick={() =>
                void holdCart(db, holdLabel).then(() => {
                  setHoldLabel('');
                  setEditing(null);
                })
              }
            >
              {t('hold')}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(null)}>
              {t('back')}
            </button>
          </div>
        ) : (
          <>
            <button type="button" className="secondary" disabled={empty} onClick={() => setEditing({ kind: 'cancel' })}>
              {t('cancelSale')}
            </button>
            <button type="button" className="secondary" disabled={empty} onClick={() => setEditing({ kind: 'hold' })}>
              {t('hold')}
            </button>
            <button type="button" className="primary big" disabled={empty} onClick={pay}>
              {t('pay')}
            </button>
          </>
        )}
      </div>
      {dialog}
    </section>
  );
}

const QTY_PROBLEM: Record<LineQtyProblem, StringKey> = {
  empty: 'qtyEmpty',
  'not-a-number': 'qtyNotNumber',
  'not-whole': 'qtyNotWhole',
  'below-one': 'qtyBelowOne',
  'too-many': 'qtyTooMany',
};

/**
 * The box shows the line's quantity, or what the cashier is typing over it;
 * nothing is stored until Enter or leaving the box, so a scanner burst that
 * lands here first (and is taken back when Enter shows it was a scan) never
 * reaches the line. A draft typed over another quantity than the line has now
 * (a scan or "+" meanwhile) is dropped: the box and the line always agree.
 * A lower number takes units out, which needs a PIN.
 */
function QtyInput({ label, qty, onIncrease, onDecrease }: { label: string; qty: number; onIncrease: (n: number) => void; onDecrease: (n: number) => void }) {
  const t = useT();
  const messageId = useId();
  const [draft, setDraft] = useState<{ text: string; over: number } | null>(null);
  // Said about the quantity it was typed over: once the line changes ("+", a scan) it is out of date.
  const [refused, setRefused] = useState<{ problem: LineQtyProblem; over: number } | null>(null);
  const problem = refused !== null && refused.over === qty ? refused.problem : null;
  // Enter settles, and the approval dialog it opens takes focus, which settles again on blur:
  // the ref makes the second one see nothing left to settle, so one PIN is asked once.
  const pending = useRef<{ text: string; over: number } | null>(null);
  const shown = draft !== null && draft.over === qty ? draft.text : String(qty);
  const settle = () => {
    const typed = pending.current;
    pending.current = null;
    setDraft(null);
    if (typed === null || typed.over !== qty || typed.text === String(qty)) return;
    const parsed = parseLineQty(typed.text);
    if (!parsed.ok) return setRefused({ problem: parsed.problem, over: qty });
    setRefused(null);
    if (parsed.qty > qty) onIncrease(parsed.qty);
    else if (parsed.qty < qty) onDecrease(parsed.qty);
  };
  return (
    <>
      <input
        className="qty"
        aria-label={label}
        inputMode="numeric"
        value={shown}
        aria-invalid={problem !== null}
        aria-describedby={problem !== null ? messageId : undefined}
        onFocus={(e) => e.target.select()}
        onChange={(e) => {
          pending.current = { text: e.target.value, over: qty };
          setDraft(pending.current);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') settle();
          if (e.key === 'Escape') {
            pending.current = null;
            setDraft(null);
          }
        }}
        onBlur={settle}
      />
      {problem !== null ? (
        <p id={messageId} className="error line-problem" role="alert">
          {t(QTY_PROBLEM[problem], { max: formatNumber(MAX_LINE_QTY), qty })}
        </p>
      ) : null}
    </>
  );
}
