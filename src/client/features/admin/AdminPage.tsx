// Management pages: filled in by the accounts work (issue 5).
import { useT } from '../../i18n/use-t.ts';

export function AdminPage() {
  const t = useT();
  return <h1>{t('navAdmin')}</h1>;
}
