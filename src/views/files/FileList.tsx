// The sidebar: every open file with its kind, size and sample types; progress and cancel while
// it loads; the error (role="alert", naming the file) when it failed. Click shows a file;
// shift-click checks a range of files and ctrl/cmd-click one more, for the actions that take
// several (a series, a run). The demo's files are labelled and can be cleared at once.
// Test hooks (kept stable): `file-item` (with data-status) around each `file-entry` (its text
// names the file and its size).

import { useState, type ReactNode } from 'react';
import { formatBytes } from '../../base/units';
import type { Message } from '../../base/messages';
import type { ParsedFile } from '../../model/parsed-file';
import { cancelLoad, canRetry, removeFile, retryFile } from '../../store/loader';
import { selectionFiles, useGoLens, type FileEntry, type FileId } from '../../store/store';
import { formatFileMessage, formatMessage } from '../../i18n/en';
import { message } from '../../base/messages';
import { CompareWith, entryDragProps } from './CompareWith';
import { displayName, titleName } from '../../base/display-name';
import { Name } from '../Name';

export function describeKind(parsed: ParsedFile): { kind: string; detail: string } {
  switch (parsed.kind) {
    case 'profile':
      return {
        kind: parsed.formatName === 'pprof' ? 'pprof profile' : parsed.formatName,
        detail: parsed.sampleTypes.map((t) => t.type).join(', '),
      };
    case 'trace':
      return { kind: `Go trace (format ${parsed.goVersion})`, detail: parsed.warnings.map(warningText).join('; ') };
    case 'runtime-log': {
      const parts = [];
      if (parsed.gc.length) parts.push(`${parsed.gc.length} GC cycles`);
      if (parsed.sched.length) parts.push(`${parsed.sched.length} SCHED lines`);
      return { kind: parsed.gc.length ? 'gctrace log' : 'schedtrace log', detail: parts.join(', ') };
    }
    case 'memstats':
      return { kind: parsed.source === 'expvar' ? 'expvar /debug/vars' : 'MemStats JSON lines', detail: '' };
    case 'goroutine-dump':
      return { kind: 'goroutine dump', detail: `${parsed.goroutines.length} goroutines` };
    case 'escape':
      return { kind: 'escape analysis', detail: `${parsed.decisions.length} decisions` };
  }
}

/** A trace warning: a Message, or (older parsers) a sentence. */
function warningText(w: Message | string): string {
  return typeof w === 'string' ? w : formatMessage(w);
}

function Progress({ file }: { file: FileEntry }) {
  const p = file.progress;
  const fraction = p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  return (
    <div className="progress-row">
      <progress
        max={1}
        value={fraction ?? undefined}
        aria-label={`Loading ${displayName(file.name)}`}
        data-testid="load-progress"
      />
      <span className="muted">{p ? p.phase : 'reading'}</span>
      <button type="button" className="link" onClick={() => cancelLoad(file.id)} data-testid="cancel-load">
        Cancel
      </button>
    </div>
  );
}

/** The files a click checks: shift extends from the last checked, ctrl/cmd toggles one, else just this one. */
function checkedAfterClick(files: FileEntry[], checked: FileId[], id: FileId, e: React.MouseEvent): FileId[] {
  if (e.shiftKey && checked.length > 0) {
    const ready = files.filter((f) => f.status === 'ready').map((f) => f.id);
    const a = ready.indexOf(checked[checked.length - 1]!);
    const b = ready.indexOf(id);
    if (a >= 0 && b >= 0) {
      const range = ready.slice(Math.min(a, b), Math.max(a, b) + 1);
      return [...new Set([...checked, ...range])];
    }
  }
  if (e.ctrlKey || e.metaKey) return checked.includes(id) ? checked.filter((x) => x !== id) : [...checked, id];
  return [id];
}

export function FileList({ actions }: { actions?: ReactNode }) {
  const files = useGoLens((s) => s.files);
  const selection = useGoLens((s) => s.selection);
  const checked = useGoLens((s) => s.checked);
  const refused = useGoLens((s) => s.compareRefused);
  const [dropOver, setDropOver] = useState<FileId | null>(null);
  const shown = new Set(selectionFiles(selection));
  if (files.length === 0) {
    return <p className="muted sidebar-empty">No files yet. Drop pprof profiles, traces or Go runtime logs anywhere.</p>;
  }
  const demo = files.filter((f) => f.origin === 'demo');
  // Files of one name are told apart by their content hash.
  const nameCount = new Map<string, number>();
  for (const f of files) nameCount.set(f.name, (nameCount.get(f.name) ?? 0) + 1);
  const onClick = (f: FileEntry, e: React.MouseEvent) => {
    const s = useGoLens.getState();
    const next = checkedAfterClick(s.files, s.checked, f.id, e);
    s.setChecked(next);
    if (next.length === 1) s.selectFile(f.id);
  };
  const nameOf = (id: FileId) => files.find((f) => f.id === id)?.name ?? id;
  return (
    <>
      {refused ? (
        <div className="error compare-refused" role="alert" data-testid="compare-refused">
          {formatMessage(message('compare.refused', { base: nameOf(refused.base), target: nameOf(refused.target), cause: refused.problem }))}
          <button type="button" className="link" aria-label="Dismiss" onClick={() => useGoLens.getState().setCompareRefused(null)}>
            ×
          </button>
        </div>
      ) : null}
      {checked.length > 1 ? (
        <div className="file-actions" role="toolbar" aria-label="Several files" data-testid="file-actions">
          <span className="muted">{checked.length} files checked</span>
          {actions}
        </div>
      ) : null}
      <ul className="file-list" data-testid="file-list">
        {files.map((f) => {
          const kind = f.parsed ? describeKind(f.parsed) : null;
          const isShown = shown.has(f.id);
          return (
            <li
              key={f.id}
              className={`file ${isShown ? 'selected' : ''} ${checked.includes(f.id) && checked.length > 1 ? 'checked' : ''} ${f.status}${dropOver === f.id ? ' drop-over' : ''}`}
              data-testid="file-item"
              data-status={f.status}
              data-file-id={f.id}
              {...entryDragProps(f.id, f.status === 'ready', dropOver === f.id, setDropOver)}
            >
              <div className="file-entry" data-testid="file-entry">
                <div className="file-head">
                  <button
                    type="button"
                    className="file-name"
                    disabled={f.status !== 'ready'}
                    onClick={(e) => onClick(f, e)}
                    aria-current={isShown ? 'true' : undefined}
                    aria-pressed={checked.length > 1 ? checked.includes(f.id) : undefined}
                    title={titleName(f.name)}
                  >
                    <Name text={f.name} />
                  </button>
                  {f.origin === 'demo' ? (
                    <span className="tag demo-tag" title="A real profile shipped with GoLens, not one of yours">
                      demo
                    </span>
                  ) : null}
                  <button type="button" className="remove" aria-label={`Remove ${displayName(f.name)}`} onClick={() => removeFile(f.id)}>
                    ×
                  </button>
                </div>
                <div className="file-meta muted">
                  {kind ? `${kind.kind} · ` : ''}
                  {formatBytes(f.size)}
                  {nameCount.get(f.name)! > 1 && f.hash ? (
                    <span title="content hash: tells apart files of the same name"> · #{f.hash.slice(0, 6)}</span>
                  ) : null}
                </div>
                {kind?.detail ? <div className="file-detail muted">{kind.detail}</div> : null}
                {f.parsed?.kind === 'profile' ? <CompareWith file={f} /> : null}
                {f.status === 'loading' ? <Progress file={f} /> : null}
                {f.status === 'error' && f.error ? (
                  <div role="alert" className="error">
                    {formatFileMessage(f.name, f.error)}
                    {canRetry(f.id) ? (
                      <button type="button" className="link" data-testid="retry-file" onClick={() => retryFile(f.id)}>
                        Open again
                      </button>
                    ) : null}
                  </div>
                ) : null}
                {f.renderError ? (
                  <div className="error" data-testid="render-error-mark">
                    ⚠ {formatMessage(f.renderError)}
                  </div>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      {demo.length > 0 ? (
        <button type="button" className="link clear-demo" data-testid="clear-demo" onClick={() => demo.forEach((f) => removeFile(f.id))}>
          Clear the demo files
        </button>
      ) : null}
    </>
  );
}
