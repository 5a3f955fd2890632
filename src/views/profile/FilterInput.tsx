// A text box that commits on Enter or blur (or as the user types, when `live`).

import { useEffect, useState, type ReactNode } from 'react';

type Props = { label: string; testId: string; value: string; onCommit(v: string): void; live?: boolean };

export function FilterInput({ label, testId, value, onCommit, live }: Props) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <label className="filter-input">
      {label}
      <input
        type="search"
        data-testid={testId}
        value={text}
        placeholder="regexp"
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          if (live) onCommit(e.target.value);
        }}
        onBlur={() => text !== value && onCommit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onCommit(text);
        }}
      />
    </label>
  );
}

type FilterFields = { focus: string; ignore: string; hide: string; show: string };

/**
 * pprof's four filters (regular expressions over function names and files) as one toolbar,
 * with the errors of the ones that do not compile; `children` go at its end (a legend).
 */
export function PprofFilters({
  view,
  errors,
  onCommit,
  children,
}: {
  view: FilterFields;
  errors: readonly string[];
  onCommit(change: Partial<FilterFields>): void;
  children?: ReactNode;
}) {
  return (
    <div className="toolbar filters" aria-label="pprof filters">
      {(['focus', 'ignore', 'hide', 'show'] as const).map((k) => (
        <FilterInput key={k} label={k} testId={k} value={view[k]} onCommit={(v) => onCommit({ [k]: v })} />
      ))}
      {errors.length ? (
        <span className="filter-error" role="status">
          {errors.join('; ')}
        </span>
      ) : null}
      {children}
    </div>
  );
}
