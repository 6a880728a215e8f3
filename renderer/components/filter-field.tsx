import type { RefObject } from 'react';

/** The toolbar's text filter: the `/` hint its shortcut focuses, and a search input views parse themselves. */
export function FilterField(props: {
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  label: string;
  testId?: string;
}) {
  return (
    <label className="filter">
      <span className="filter__icon" aria-hidden="true">
        /
      </span>
      <input
        ref={props.inputRef}
        className="filter__input"
        type="search"
        placeholder={props.placeholder}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        data-testid={props.testId}
        aria-label={props.label}
        spellCheck={false}
      />
    </label>
  );
}
