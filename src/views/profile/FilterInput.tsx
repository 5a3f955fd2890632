// A text box that commits on Enter or blur (or as the user types, when `live`).

import { useEffect, useState } from 'react';

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
