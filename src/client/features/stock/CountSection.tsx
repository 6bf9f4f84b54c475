// Stok opname: a count of the whole shelf or one category, kept on this
// tablet while it goes on (offline, across reloads). Each scan is one more
// piece; a typed figure replaces the count. Sales go on meanwhile: each
// product's count is netted by what sold after it was counted. The variances
// are approved with a supervisor's PIN and become 'count' events.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { Button, Radio, RadioGroup, Label } from 'react-aria-components';
import type { CountScope } from '../../../domain/stock.ts';
import { listCategories, type ProductHit } from '../../db/catalog-repo.ts';
import { abandonCount, approveCount, countVariances, negativeLevels, openCount, productsByIds, recordCount, startCount, type Variance } from '../../db/stock-repo.ts';
import { useT } from '../../i18n/use-t.ts';
import { useApproval } from '../../shared/approvals/approval-dialog.tsx';
import { approvalDetail, makeApproval } from '../../shared/approvals/approvals.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { ChoiceField, Note, ProductPicker, QtyField, Section } from './parts.tsx';
import type { StockContext } from './StockPage.tsx';

export function CountSection({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const db = useDb();
  const count = useLiveQuery(() => openCount(db, ctx.outletId), [db, ctx.outletId]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  if (count === undefined) return <Section title={t('stockTabCount')}>{<StartCount ctx={ctx} onNote={setNote} />}<Note note={note} /></Section>;
  return (
    <Section title={t('stockTabCount')}>
      <Counting ctx={ctx} countId={count.id} scope={count.scope} onNote={setNote} />
      <Note note={note} />
    </Section>
  );
}

function StartCount({ ctx, onNote }: { ctx: StockContext; onNote: (n: { ok: boolean; text: string } | null) => void }) {
  const t = useT();
  const db = useDb();
  const categories = useLiveQuery(() => listCategories(db), [db]) ?? [];
  const negative = useLiveQuery(() => negativeLevels(db, ctx.outletId), [db, ctx.outletId]) ?? [];
  const [kind, setKind] = useState<'full' | 'category'>('full');
  const [category, setCategory] = useState<string | null>(null);
  useEffect(() => {
    ctx.onScan(() => onNote({ ok: false, text: t('stockCountStartFirst') }));
    return () => ctx.onScan(null);
  }, [ctx, onNote, t]);
  const start = async (scope: CountScope, first?: string) => {
    const c = await startCount(db, { outletId: ctx.outletId, scope, by: ctx.userId });
    // Fixing a level below zero: that product is on the count from the start, at 0 until counted.
    if (first !== undefined) await recordCount(db, c.id, first, { set: 0 });
    onNote(null);
  };
  return (
    <div className="stock-sub">
      <RadioGroup value={kind} onChange={(v) => setKind(v === 'category' ? 'category' : 'full')} className="field">
        <Label>{t('stockCountScope')}</Label>
        <Radio value="full">{t('stockCountFull')}</Radio>
        <Radio value="category">{t('stockCountCategory')}</Radio>
      </RadioGroup>
      {kind === 'category' ? <ChoiceField label={t('stockCategory')} value={category} onChange={setCategory} options={categories.map((c) => ({ id: c, name: c }))} placeholder={t('stockChoose')} /> : null}
      <Button
        className="primary"
        onPress={() => {
          if (kind === 'category' && category === null) return onNote({ ok: false, text: t('stockCountPickCategory') });
          void start(kind === 'full' ? { kind: 'full' } : { kind: 'category', category: category ?? '' });
        }}
      >
        {t('stockCountStart')}
      </Button>
      {negative.length > 0 ? (
        <>
          <h3>{t('stockNegativeTitle')}</h3>
          <ul className="stock-docs" aria-label={t('stockNegativeTitle')}>
            {negative.map((n) => (
              <li key={n.productId}>
                <span>{t('stockNegativeRow', { name: n.name, level: n.level })}</span>
                <Button className="secondary" aria-label={t('stockCountThis', { name: n.name })} onPress={() => void start({ kind: 'full' }, n.productId)}>
                  {t('stockCountThisShort')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function Counting({ ctx, countId, scope, onNote }: { ctx: StockContext; countId: string; scope: CountScope; onNote: (n: { ok: boolean; text: string } | null) => void }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const { ask, dialog } = useApproval();
  const lines = useLiveQuery(async () => (await openCount(db, ctx.outletId))?.lines ?? [], [db, ctx.outletId]) ?? [];
  const names = useLiveQuery(() => productsByIds(db, lines.map((l) => l.productId)), [db, lines.map((l) => l.productId).join(',')]) ?? [];
  const nameOf = (id: string) => names.find((p) => p?.id === id)?.name ?? id;
  const [variances, setVariances] = useState<Variance[] | null>(null);
  const inScope = useCallback((hit: ProductHit) => scope.kind === 'full' || hit.category === scope.category, [scope]);
  const add = useCallback(
    (hit: ProductHit) => {
      if (!inScope(hit)) return onNote({ ok: false, text: t('stockCountOutOfScope', { name: hit.name }) });
      void recordCount(db, countId, hit.id, { add: 1 });
      setVariances(null);
      onNote({ ok: true, text: t('stockCountScanned', { name: hit.name }) });
    },
    [db, countId, inScope, onNote, t],
  );
  useEffect(() => {
    ctx.onScan((hit, code) => (hit ? add(hit) : onNote({ ok: false, text: t('stockUnknownCode', { code }) })));
    return () => ctx.onScan(null);
  }, [ctx, add, onNote, t]);

  const approve = async () => {
    const changed = (variances ?? []).filter((v) => v.variance !== 0);
    const what = t('stockCountApprovalWhat', { n: lines.length, changed: changed.length });
    const grant = await ask(what);
    if (!grant) return onNote({ ok: false, text: t('stockCountNeedsApproval') });
    try {
      await approveCount(db, countId, makeApproval(grant, 'stock-count', null, approvalDetail('stockCountApprovalWhat', { n: lines.length, changed: changed.length }), ctx.userId));
      onNote({ ok: true, text: t('stockCountApproved', { changed: changed.length }) });
      if (sync) void sync.syncNow();
    } catch (e) {
      onNote({ ok: false, text: t('stockNotSaved', { reason: e instanceof Error ? e.message : String(e) }) });
    }
  };

  return (
    <div className="stock-sub">
      <p>{scope.kind === 'full' ? t('stockCountingFull') : t('stockCountingCategory', { category: scope.category })}</p>
      <ProductPicker outletId={ctx.outletId} onPick={add} filter={inScope} />
      {lines.length === 0 ? (
        <p>{t('stockCountNothingYet')}</p>
      ) : (
        <ul className="stock-lines" aria-label={t('stockCountLines')}>
          {lines.map((l) => (
            <li key={l.productId}>
              <span className="stock-line-name">{nameOf(l.productId)}</span>
              <QtyField
                label={t('stockCountedOf', { name: nameOf(l.productId) })}
                value={l.counted}
                onChange={(n) => {
                  void recordCount(db, countId, l.productId, { set: n });
                  setVariances(null);
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="inline">
        <Button className="secondary" isDisabled={lines.length === 0} onPress={() => void countVariances(db, countId).then(setVariances)}>
          {t('stockCountReview')}
        </Button>
        <Button className="secondary" onPress={() => void abandonCount(db, countId)}>
          {t('stockCountAbandon')}
        </Button>
      </div>
      {variances ? (
        <>
          <table className="stock-table">
            <caption>{t('stockVariances')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stockProduct')}</th>
                <th scope="col">{t('stockCounted')}</th>
                <th scope="col">{t('stockSoldAfter')}</th>
                <th scope="col">{t('stockExpected')}</th>
                <th scope="col">{t('stockVariance')}</th>
              </tr>
            </thead>
            <tbody>
              {variances.map((v) => (
                <tr key={v.productId} className={v.variance === 0 ? '' : 'differs'}>
                  <th scope="row">{nameOf(v.productId)}</th>
                  <td>{v.counted}</td>
                  <td>{v.movedAfter === 0 ? '' : String(v.movedAfter)}</td>
                  <td>{v.expected}</td>
                  <td>{v.variance === 0 ? t('stockNoDifference') : v.variance > 0 ? `+${v.variance}` : String(v.variance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button className="primary" onPress={() => void approve()}>
            {t('stockCountApprove')}
          </Button>
        </>
      ) : null}
      {dialog}
    </div>
  );
}
