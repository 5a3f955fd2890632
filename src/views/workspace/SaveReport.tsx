// The toolbar's "Save report": downloads one .html file holding the app and the open files
// (store/report.ts), which opens by double-click from disk, offline, on this view; the panel
// then says what it holds and how large it is (the app plus the compressed files).

import { useState } from 'react';
import { formatBytes } from '../../base/units';
import { formatMessage } from '../../i18n/en';
import { makeReport, type SavedReport } from '../../store/report';
import { useGoLens } from '../../store/store';

function download(html: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** What a saved report weighs: "1.2 MiB: the app (1.1 MiB) and 2 files, compressed (12.5 KiB)". */
export function reportSizeText(r: { files: number; appBytes: number; dataBytes: number; bytes: number }): string {
  return `${formatBytes(r.bytes)}: the app (${formatBytes(r.appBytes)}) and ${r.files === 1 ? 'the file' : `${r.files} files`}, compressed (${formatBytes(r.dataBytes)})`;
}

export function SaveReport({ onOpen }: { onOpen?: () => void }) {
  const [saved, setSaved] = useState<SavedReport | null>(null);
  const [busy, setBusy] = useState(false);
  const hasFiles = useGoLens((s) => s.files.some((f) => f.status === 'ready'));

  const save = async () => {
    onOpen?.();
    setBusy(true);
    try {
      const r = await makeReport(useGoLens.getState());
      setSaved(r);
      if (r.ok) download(r.html, r.fileName);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        data-testid="save-report"
        disabled={!hasFiles || busy}
        onClick={() => void save()}
        title="One .html file with the app and the open files: it opens from disk, offline, on this view"
      >
        Save report
      </button>
      {saved ? (
        <div className="share-panel" role="dialog" aria-label="Saved report" data-testid="report-panel">
          {saved.ok ? (
            <p data-testid="report-size" data-bytes={saved.bytes} data-app-bytes={saved.appBytes} data-data-bytes={saved.dataBytes}>
              Saved <code>{saved.fileName}</code>, {reportSizeText(saved)}. It opens by double-click in a browser, offline, on
              this view; the files are read by the same parsers as a dropped file.
            </p>
          ) : (
            <p role="alert">{formatMessage(saved.reason)}.</p>
          )}
          <button type="button" className="link" onClick={() => setSaved(null)}>
            Close
          </button>
        </div>
      ) : null}
    </>
  );
}
