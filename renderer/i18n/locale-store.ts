import { useCallback } from 'react';
import { create } from 'zustand';
import type { MessageKey } from './messages.ts';
import { isLocale, preferredLocale, translate, type Locale, type MessageParams } from './translate.ts';

const storageKey = 'opsdesk.locale';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function initialLocale(): Locale {
  const saved = storage()?.getItem(storageKey);
  if (isLocale(saved)) return saved;
  return typeof navigator === 'undefined' ? 'en' : preferredLocale(navigator.languages ?? [navigator.language]);
}

function applyToDocument(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
  toggleLocale(): void;
}

/** The UI language, persisted across launches in the renderer's local storage. */
export const useLocaleStore = create<LocaleState>()((set, get) => ({
  locale: initialLocale(),
  setLocale: (locale) => {
    storage()?.setItem(storageKey, locale);
    applyToDocument(locale);
    set({ locale });
  },
  toggleLocale: () => get().setLocale(get().locale === 'en' ? 'ko' : 'en'),
}));
applyToDocument(useLocaleStore.getState().locale);

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** `t(key, params)` in the current locale; components re-render when the locale changes. */
export function useT(): Translate {
  const locale = useLocaleStore((state) => state.locale);
  return useCallback((key, params) => translate(locale, key, params), [locale]);
}

export function useLocale(): Locale {
  return useLocaleStore((state) => state.locale);
}
