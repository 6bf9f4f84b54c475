import { useCallback } from 'react';
import { createStore } from '../shared/services/create-store.ts';
import { languageLoaded, loadLanguage, translate, type Language, type StringKey } from './strings.ts';

/** The language last asked for: a slow fetch of an earlier choice must not win over it. */
let asked: Language = 'id';

export const useLanguage = createStore<{ lang: Language; setLang: (l: Language) => void }>((set) => ({
  lang: 'id',
  setLang: (lang) => {
    asked = lang;
    if (languageLoaded(lang)) return set({ lang });
    // English comes on demand: the screen switches when its words are here (from the precache offline);
    // if they cannot be fetched, the screen stays in the language it has.
    void loadLanguage(lang).then(
      () => {
        if (asked === lang) set({ lang });
      },
      () => undefined,
    );
  },
}));

export type T = (key: StringKey, params?: Record<string, string | number>) => string;

export function useT(): T {
  const lang = useLanguage((s) => s.lang);
  return useCallback<T>((key, params) => translate(lang, key, params), [lang]);
}
