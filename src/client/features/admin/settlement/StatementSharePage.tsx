// The page a producer opens from the store's WhatsApp message: the one
// statement its link opens, to read, print or keep as a PDF, without an
// account. It stands alone (main.tsx renders it instead of the app): no
// device storage, no sync, no menu, nothing else of the store to reach.
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import '../../../i18n/settlement-strings.ts';
import type { Language } from '../../../i18n/strings.ts';
import { useLanguage, useT } from '../../../i18n/use-t.ts';
import { managementErrorText } from '../../../shared/services/management-session.ts';
import { openSharedStatement, type SharedAnswer } from '../../../sync/settlement-api.ts';
import { statementModel } from './statement-model.ts';
import { PrintBar, Statement, witaTime } from './SettlementView.tsx';
import './settlement.css';

const LANGUAGES: { id: Language; name: string }[] = [
  { id: 'id', name: 'Bahasa Indonesia' },
  { id: 'en', name: 'English' },
];

export default function StatementSharePage({ token }: { token: string }) {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  const setLang = useLanguage((s) => s.setLang);
  const [answer, setAnswer] = useState<SharedAnswer | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    openSharedStatement(token).then(
      (a) => live && setAnswer(a),
      (e: unknown) => live && setFailed(e),
    );
    return () => {
      live = false;
    };
  }, [token]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('nsPageTitle');
  }, [lang, t]);

  return (
    <main className="statement-share" lang={lang}>
      <nav className="stl-actions no-print" aria-label={t('nsLanguage')}>
        {LANGUAGES.map((l) => (
          <Button key={l.id} className="button secondary" aria-pressed={lang === l.id} onPress={() => setLang(l.id)}>
            {l.name}
          </Button>
        ))}
      </nav>
      <Body answer={answer} failed={failed} />
    </main>
  );
}

function Body({ answer, failed }: { answer: SharedAnswer | null; failed: unknown }) {
  const t = useT();
  const lang = useLanguage((s) => s.lang);
  if (failed !== null) {
    return (
      <p role="alert" className="error">
        {t('nsFailed', { why: managementErrorText(t, failed) })}
      </p>
    );
  }
  if (answer === null) return <p role="status">{t('nsLoading')}</p>;
  const at = (ms: number | null): string => (ms === null ? '' : witaTime(ms, lang));
  switch (answer.kind) {
    case 'unknown':
      return <Refused title={t('nsUnknownTitle')} text={t('nsUnknownText')} />;
    case 'expired':
      return <Refused title={t('nsExpiredTitle')} text={t('nsExpiredText', { at: at(answer.at) })} />;
    case 'revoked':
      return <Refused title={t('nsRevokedTitle')} text={t('nsRevokedText', { at: at(answer.at) })} />;
    case 'open': {
      const { settlement: s, store, expiresAt } = answer.shared;
      const model = statementModel(t, s, store);
      return (
        <>
          <p className="no-print" role="note">
            {t('nsValidUntil', { until: witaTime(expiresAt, lang) })}
          </p>
          <Statement model={model} missing={s.items.map(() => false)} missingWord="" />
          <PrintBar model={model} fileName={`${model.title} ${s.producerName} ${s.from} ${s.to}`} />
        </>
      );
    }
  }
}

function Refused({ title, text }: { title: string; text: string }) {
  return (
    <section role="alert" aria-labelledby="ns-refused">
      <h1 id="ns-refused">{title}</h1>
      <p>{text}</p>
    </section>
  );
}
