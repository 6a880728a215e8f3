import { en, ko, type MessageKey, type Messages } from './messages.ts';

export type Locale = 'en' | 'ko';
export const locales: readonly Locale[] = ['en', 'ko'];

const tables: Record<Locale, Messages> = { en, ko };

export type MessageParams = Record<string, string | number>;

/** The message in the locale with `{name}` placeholders filled; an unknown placeholder stays visible. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = tables[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** The first supported language the browser prefers, English otherwise. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** Picks the text of a `{ko, en}` pair (role names, summaries). */
export function localized(text: { ko: string; en: string }, locale: Locale): string {
  return text[locale];
}

/** For keys built at run time (a tab id): the message when the dictionary has one, else the fallback. */
export function translateOr(locale: Locale, key: string, fallback: string): string {
  return key in tables[locale] ? translate(locale, key as MessageKey) : fallback;
}
