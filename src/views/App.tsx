// The app shell: header with the file picker, sidebar of files, the selected file's view,
// and a drop target that covers the whole window.

import { useEffect, useRef, useState } from 'react';
import { loadFiles } from '../store/loader';
import { useGoLens } from '../store/store';
import { FileList } from './files/FileList';
import { MainView } from './MainView';
import { WorkspaceNotices } from './workspace/WorkspaceNotices';
import { CheckedFilesActions } from './workspace/CheckedFilesActions';
import { ShareActions } from './workspace/ShareActions';
import { SaveReport } from './workspace/SaveReport';
import { ShareNotices } from './workspace/ShareNotices';
import { UpdatePrompt } from './workspace/UpdatePrompt';

export function App() {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = e.dataTransfer?.files;
      if (files && files.length) loadFiles(Array.from(files));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const selection = useGoLens((s) => s.selection);
  const openPicker = () => inputRef.current?.click();

  return (
    <div className="app">
      <header className="app-header">
        <h1 title={`GoLens ${__GOLENS_VERSION__}`}>
          Go<span>Lens</span>
        </h1>
        <span className="muted tagline">pprof profiles, execution traces and GC logs — in your browser, nothing uploaded</span>
        <div className="spacer" />
        <ShareActions report={<SaveReport />} />
        <button type="button" onClick={openPicker}>
          Open files…
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          className="visually-hidden"
          data-testid="file-input"
          aria-label="Open files"
          onChange={(e) => {
            const files = e.target.files;
            if (files && files.length) loadFiles(Array.from(files));
            e.target.value = '';
          }}
        />
      </header>
      <aside className="sidebar" aria-label="Files">
        <FileList actions={<CheckedFilesActions />} />
      </aside>
      <main className="main">
        <ShareNotices />
        <WorkspaceNotices onOpen={openPicker} />
        {selection ? (
          <MainView selection={selection} />
        ) : (
          <div className="welcome">
            <h2>Drop Go profiling data anywhere</h2>
            <p>
              pprof profiles (<code>go tool pprof</code>, <code>net/http/pprof</code>, <code>runtime/pprof</code>:
              CPU, heap, allocs, goroutine, block, mutex; protobuf or legacy text), Go execution traces, gctrace logs.
            </p>
          </div>
        )}
      </main>
      <UpdatePrompt />
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          Drop files to open them
        </div>
      ) : null}
    </div>
  );
}
