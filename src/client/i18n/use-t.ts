import { useCallback } from 'react';
import { createStore } from '../shared/services/create-store.ts';
import { translate, type Language, type StringKey } from './strings.ts';

export const useLanguage = createStore<{ lang: Language; setLang: (l: Language) => void }>((set) => ({
  lang: 'id',
  setLang: (lang) => set({ lang }),
}));

export type T = (key: StringKey, params?: Record<string, string | number>) => string;

export function useT(): T {
  const lang = useLanguage((s) => s.lang);
  return useCallback<T>((key, params) => translate(lang, key, params), [lang]);
}
