import { useLocaleStore, useT } from './locale-store.ts';
import { locales, translate } from './translate.ts';

/** English / 한국어 toggle in the header; the choice persists. */
export function LocaleSwitch() {
  const locale = useLocaleStore((state) => state.locale);
  const setLocale = useLocaleStore((state) => state.setLocale);
  const t = useT();
  return (
    <div className="locale-switch" role="group" aria-label={t('locale.switch')} data-testid="locale-switch">
      {locales.map((candidate) => (
        <button
          key={candidate}
          type="button"
          className={candidate === locale ? 'locale-switch__option locale-switch__option--current' : 'locale-switch__option'}
          aria-pressed={candidate === locale}
          onClick={() => setLocale(candidate)}
          data-locale={candidate}
          title={translate(candidate, 'locale.name')}
        >
          {candidate === 'en' ? 'EN' : '한'}
        </button>
      ))}
    </div>
  );
}
