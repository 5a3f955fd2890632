// The sidebar: every loaded file with its kind, size and sample types; progress and cancel
// while it loads; the error (role="alert", naming the file) when it failed.

import { formatBytes } from '../../base/units';
import type { ParsedFile } from '../../model/parsed-file';
import { cancelLoad, removeFile } from '../../store/loader';
import { useGoLens, type LoadedFile } from '../../store/store';

export function describeKind(parsed: ParsedFile): { kind: string; detail: string } {
  switch (parsed.kind) {
    case 'profile':
      return {
        kind: parsed.formatName === 'pprof' ? 'pprof profile' : parsed.formatName,
        detail: parsed.sampleTypes.map((t) => t.type).join(', '),
      };
    case 'trace':
      return { kind: `Go trace (format ${parsed.goVersion})`, detail: parsed.warnings.join('; ') };
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

function Progress({ file }: { file: LoadedFile }) {
  const p = file.progress;
  const fraction = p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  return (
    <div className="progress-row">
      <progress
        max={1}
        value={fraction ?? undefined}
        aria-label={`Loading ${file.name}`}
        data-testid="load-progress"
      />
      <span className="muted">{p ? p.phase : 'reading'}</span>
      <button type="button" className="link" onClick={() => cancelLoad(file.id)} data-testid="cancel-load">
        Cancel
      </button>
    </div>
  );
}

export function FileList() {
  const files = useGoLens((s) => s.files);
  const selectedId = useGoLens((s) => s.selectedId);
  const selectFile = useGoLens((s) => s.selectFile);
  if (files.length === 0) {
    return <p className="muted sidebar-empty">No files yet. Drop pprof profiles, traces or Go runtime logs anywhere.</p>;
  }
  return (
    <ul className="file-list" data-testid="file-list">
      {files.map((f) => {
        const kind = f.parsed ? describeKind(f.parsed) : null;
        return (
          <li
            key={f.id}
            className={`file ${f.id === selectedId ? 'selected' : ''} ${f.status}`}
            data-testid="file-item"
            data-status={f.status}
          >
            <div className="file-head">
              <button
                type="button"
                className="file-name"
                disabled={f.status !== 'ready'}
                onClick={() => selectFile(f.id)}
                aria-current={f.id === selectedId ? 'true' : undefined}
                title={f.name}
              >
                {f.name}
              </button>
              <button type="button" className="remove" aria-label={`Remove ${f.name}`} onClick={() => removeFile(f.id)}>
                ×
              </button>
            </div>
            <div className="file-meta muted">
              {kind ? `${kind.kind} · ` : ''}
              {formatBytes(f.size)}
            </div>
            {kind?.detail ? <div className="file-detail muted">{kind.detail}</div> : null}
            {f.status === 'loading' ? <Progress file={f} /> : null}
            {f.status === 'error' ? (
              <div role="alert" className="error">
                {f.error}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
