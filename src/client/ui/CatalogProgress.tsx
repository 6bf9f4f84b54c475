// How far the catalog download is, on the enrolment screen and in the sync
// panel: "Katalog 23.000 / 50.000", with a progress bar of the same name.
import { useLanguage, useT } from '../i18n/use-t.ts';

export function CatalogProgress({ done, total }: { done: number; total: number | null }) {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  const format = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-US');
  const known = total !== null && total > 0;
  const shown = known ? Math.min(done, total) : done;
  const label = known ? t('catalogProgress', { done: format.format(shown), total: format.format(total) }) : t('catalogProgressNoTotal', { done: format.format(shown) });
  return (
    <div className="catalog-progress" role="status">
      <p data-testid="catalog-progress">{label}</p>
      {known ? <progress max={total} value={shown} aria-label={label} /> : null}
      <p className="muted small">{t('catalogProgressHelp')}</p>
    </div>
  );
}
