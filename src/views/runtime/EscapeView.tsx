// Escape-analysis and inlining diagnostics (-gcflags=-m, -m -m, -m -l) as a table of decisions
// by file:line, filterable by text and kind; a -m -m decision unfolds its explanation chain.

import { useMemo, useState } from 'react';
import { decisionExplanation } from '../../analysis/runtime/escape-index';
import { ESCAPE_KINDS, HEAP_ESCAPE_KINDS, type EscapeKind, type EscapeModel } from '../../model/runtime-log';
import { SkippedNotice } from './SkippedNotice';
import { toggled } from './toggled';
import { displayName } from '../../base/display-name';
import { Name } from '../Name';

export const ESCAPE_KIND_LABEL: Record<EscapeKind, string> = {
  'moved-to-heap': 'moved to heap',
  'escapes-to-heap': 'escapes',
  'does-not-escape': 'does not escape',
  'leaking-param': 'leaking param',
  'leaking-param-content': 'leaking param content',
  'leaking-param-to-result': 'leaking param to result',
  'can-inline': 'can inline',
  'cannot-inline': 'cannot inline',
  'inlining-call': 'inlining call',
  devirtualizing: 'devirtualizing',
  'zero-copy': 'zero-copy',
  'closure-capture': 'closure capture',
  uintptr: 'uintptr',
  other: 'other',
};

const MAX_ROWS = 2000;

export function EscapeView({ model }: { model: EscapeModel }) {
  const [text, setText] = useState('');
  const [kinds, setKinds] = useState<ReadonlySet<number>>(new Set());
  const [heapOnly, setHeapOnly] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const d = model.decisions;
  const s = model.strings;

  const kindCounts = useMemo(() => {
    const c = new Int32Array(ESCAPE_KINDS.length);
    for (let i = 0; i < d.length; i++) c[d.kind[i]!]!++;
    return c;
  }, [d]);
  const hasExplanations = model.explanations.length > 0;

  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const out: number[] = [];
    for (let i = 0; i < d.length; i++) {
      const k = d.kind[i]!;
      if (kinds.size > 0 && !kinds.has(k)) continue;
      if (heapOnly && !HEAP_ESCAPE_KINDS.has(ESCAPE_KINDS[k]!)) continue;
      if (needle) {
        const hay = `${s[d.file[i]!]}:${d.line[i]}:${d.col[i]} ${s[d.message[i]!]}`.toLowerCase();
        if (!hay.includes(needle)) continue;
      }
      out.push(i);
    }
    return out;
  }, [d, s, text, kinds, heapOnly]);

  const toggleKind = (k: number) => setKinds((cur) => toggled(cur, k));
  const toggleOpen = (i: number) => setOpen((cur) => toggled(cur, i));

  return (
    <div className="runtime-view escape-view" data-testid="escape-view">
      <div className="toolbar">
        <strong className="view-title">
          Escape analysis · {d.length} decisions{model.packages.length ? ` in ${model.packages.join(', ')}` : ''}
          {hasExplanations ? ' · with -m -m explanations' : ''}
        </strong>
        <input
          type="search"
          placeholder="Filter: file:line or message"
          aria-label="Filter decisions"
          data-testid="escape-filter"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={heapOnly} data-testid="escape-heap-only" onChange={(e) => setHeapOnly(e.target.checked)} />
          heap only
        </label>
        <span className="muted" data-testid="escape-shown" data-count={rows.length}>
          {rows.length} shown
        </span>
      </div>
      <div className="kind-chips" role="group" aria-label="Decision kinds">
        {ESCAPE_KINDS.map((k, i) =>
          kindCounts[i] ? (
            <button
              key={k}
              type="button"
              className={`chip kind-${k}${kinds.has(i) ? ' on' : ''}`}
              aria-pressed={kinds.has(i)}
              data-kind={k}
              onClick={() => toggleKind(i)}
            >
              {ESCAPE_KIND_LABEL[k]} <span className="muted">{kindCounts[i]}</span>
            </button>
          ) : null,
        )}
      </div>
      <SkippedNotice skipped={model.skipped} />
      <div className="escape-scroll">
        <table className="escape-table" data-testid="escape-table">
          <thead>
            <tr>
              <th scope="col">position</th>
              <th scope="col">decision</th>
              <th scope="col">message</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((i) => {
              const kind = ESCAPE_KINDS[d.kind[i]!]!;
              const nExp = d.explanationCount[i]!;
              const isOpen = open.has(i);
              return (
                <EscapeRow
                  key={i}
                  position={`${s[d.file[i]!]}:${d.line[i]}${d.col[i] ? `:${d.col[i]}` : ''}`}
                  kind={kind}
                  message={s[d.message[i]!]!}
                  explanationCount={nExp}
                  explanation={isOpen ? decisionExplanation(model, i) : null}
                  onToggle={nExp > 0 ? () => toggleOpen(i) : undefined}
                />
              );
            })}
          </tbody>
        </table>
        {rows.length > MAX_ROWS ? <p className="muted">{rows.length - MAX_ROWS} more: narrow them with the filter.</p> : null}
      </div>
    </div>
  );
}

function EscapeRow(props: {
  position: string;
  kind: EscapeKind;
  message: string;
  explanationCount: number;
  explanation: string[] | null;
  onToggle?: () => void;
}) {
  const { position, kind, message, explanationCount, explanation, onToggle } = props;
  return (
    <>
      <tr data-testid="escape-row" data-kind={kind} className={HEAP_ESCAPE_KINDS.has(kind) ? 'heap' : undefined}>
        <td className="fn pos">
          <Name text={position} />
        </td>
        <td>
          <span className={`kind-badge kind-${kind}`}>{ESCAPE_KIND_LABEL[kind]}</span>
        </td>
        <td className="fn">
          {onToggle ? (
            <button type="button" className="link" aria-expanded={explanation !== null} data-testid="escape-explain" onClick={onToggle}>
              {explanation ? '▾' : '▸'} {explanationCount} step{explanationCount === 1 ? '' : 's'}
            </button>
          ) : null}
          <Name text={message} />
        </td>
      </tr>
      {explanation ? (
        <tr className="explanation" data-testid="escape-explanation">
          <td />
          <td colSpan={2}>
            <pre>{explanation.map((l) => displayName(l, 1000)).join('\n')}</pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
