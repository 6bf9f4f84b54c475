// Penyesuaian: units taken out (damaged, lost, a sample) or put back, with a
// reason and a note. Above the outlet's limits (its settings, set by an
// admin and pulled) a supervisor's PIN is asked, as the server checks again.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { formatRupiah } from '../../../domain/money.ts';
import { adjustOverLimit, BUILTIN_ADJUST_REASONS, type BuiltinAdjustReason } from '../../../domain/stock.ts';
import type { ProductHit } from '../../db/catalog-repo.ts';
import { activeReasons, adjustStock } from '../../db/stock-repo.ts';
import { loadSettings } from '../../db/settings-repo.ts';
import { adjustLimitsOf } from '../../../domain/outlet-settings.ts';
import type { StringKey } from '../../i18n/strings.ts';
import { useT } from '../../i18n/use-t.ts';
import { useApproval } from '../../shared/approvals/approval-dialog.tsx';
import { approvalDetail, makeApproval } from '../../shared/approvals/approvals.ts';
import { useDb, useServices } from '../../shared/services/services.tsx';
import { addLine, ChoiceField, LineList, lineOf, Note, ProductPicker, Section, type Line } from './parts.tsx';
import type { StockContext } from './StockPage.tsx';

export const REASON_WORDS: Record<BuiltinAdjustReason, StringKey> = {
  rusak: 'stockReasonRusak',
  hilang: 'stockReasonHilang',
  sampel: 'stockReasonSampel',
  koreksi: 'stockReasonKoreksi',
};

const isBuiltin = (code: string): code is BuiltinAdjustReason => (BUILTIN_ADJUST_REASONS as readonly string[]).includes(code);

export function AdjustSection({ ctx }: { ctx: StockContext }) {
  const t = useT();
  const db = useDb();
  const { sync } = useServices();
  const { ask, dialog } = useApproval();
  const reasons = useLiveQuery(() => activeReasons(db), [db]) ?? [];
  const settings = useLiveQuery(() => loadSettings(db), [db]);
  const [reason, setReason] = useState<string | null>(null);
  const [memo, setMemo] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  // A damaged or lost piece is taken out: a new line starts at -1.
  const add = useCallback((hit: ProductHit) => setLines((ls) => addLine(ls, lineOf(hit, -1))), []);
  useEffect(() => {
    ctx.onScan((hit, code) => (hit ? add(hit) : setNote({ ok: false, text: t('stockUnknownCode', { code }) })));
    return () => ctx.onScan(null);
  }, [ctx, add, t]);
  const label = (code: string, fallback: string) => (isBuiltin(code) ? t(REASON_WORDS[code]) : fallback);

  const save = async () => {
    const moving = lines.filter((l) => l.qty !== 0);
    if (reason === null || moving.length === 0 || settings === undefined) {
      setNote({ ok: false, text: t('stockAdjustIncomplete') });
      return;
    }
    const prices = new Map(moving.map((l) => [l.productId, l.price]));
    const over = adjustOverLimit(
      moving.map((l) => ({ productId: l.productId, delta: l.qty })),
      (id) => prices.get(id),
      adjustLimitsOf(settings),
    );
    let approval = null;
    if (over.length > 0) {
      const units = moving.reduce((s, l) => s + Math.abs(l.qty), 0);
      const value = moving.reduce((s, l) => s + Math.abs(l.qty) * l.price, 0);
      const grant = await ask(t('stockAdjustApprovalWhat', { n: units, value: formatRupiah(value) }));
      if (!grant) {
        setNote({ ok: false, text: t('stockAdjustNeedsApproval') });
        return;
      }
      approval = makeApproval(grant, 'stock-adjust', null, approvalDetail('stockAdjustApprovalWhat', { n: units, value: formatRupiah(value) }), ctx.userId);
    }
    try {
      await adjustStock(db, { outletId: ctx.outletId, reason, note: memo, by: ctx.userId, lines: moving.map((l) => ({ productId: l.productId, delta: l.qty })), approval });
      setNote({ ok: true, text: t('stockAdjustSaved', { n: moving.length }) });
      setLines([]);
      setMemo('');
      if (sync) void sync.syncNow();
    } catch (e) {
      setNote({ ok: false, text: t('stockNotSaved', { reason: e instanceof Error ? e.message : String(e) }) });
    }
  };

  return (
    <Section title={t('stockTabAdjust')}>
      <div className="stock-form">
        <ChoiceField label={t('stockReason')} value={reason} onChange={setReason} options={reasons.map((r) => ({ id: r.code, name: label(r.code, r.label) }))} placeholder={t('stockChoose')} />
        <TextField value={memo} onChange={setMemo} className="field" maxLength={500}>
          <Label>{t('stockMemo')}</Label>
          <Input />
        </TextField>
      </div>
      <p className="hint">{t('stockAdjustHint')}</p>
      {settings ? <p className="hint">{t('stockAdjustLimits', { n: settings.adjustQtyLimit, value: formatRupiah(settings.adjustValueLimit) })}</p> : null}
      <ProductPicker outletId={ctx.outletId} onPick={add} />
      <LineList lines={lines} onChange={setLines} signed />
      <Button className="primary" onPress={() => void save()}>
        {t('stockAdjustSave')}
      </Button>
      <Note note={note} />
      {dialog}
    </Section>
  );
}
