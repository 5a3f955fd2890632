// "Compare with…" on a file's entry: a menu of the other open files (role="menuitem"); choosing
// one compares it, as the base, with this file as the target (pprof's -diff_base=CHOSEN THIS).
// Dragging an entry onto another does the same: the dragged file is the base, the one it is
// dropped on the target. A pair that cannot be compared is refused with the reason
// (role="alert" in the sidebar) and nothing else changes.

import { useEffect, useRef, useState } from 'react';
import { useGoLens, type FileEntry, type FileId } from '../../store/store';
import { requestCompare } from '../workspace/start-compare';
import { displayName, titleName } from '../../base/display-name';
import { Name } from '../Name';

/** The drag's data type: an entry's id, told apart from files dropped from the desktop. */
export const ENTRY_DRAG_TYPE = 'application/x-golens-file-id';

export function CompareWith({ file }: { file: FileEntry }) {
  const [open, setOpen] = useState(false);
  const files = useGoLens((s) => s.files);
  const ref = useRef<HTMLDivElement>(null);
  const others = files.filter((f) => f.id !== file.id && f.status === 'ready');

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (file.status !== 'ready') return null;
  return (
    <div className="compare-with" ref={ref}>
      <button
        type="button"
        className="link compare-button"
        data-testid="compare-with"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={others.length === 0}
        title={others.length === 0 ? 'Open another profile to compare with' : `Compare ${titleName(file.name)} with another file (that one as the base)`}
        onClick={() => setOpen(!open)}
      >
        Compare with…
      </button>
      {open ? (
        <div className="menu" role="menu" aria-label={`Compare ${displayName(file.name)} with`}>
          <div className="menu-title muted">Base (subtracted from <Name text={file.name} />):</div>
          {others.map((o) => (
            <button
              key={o.id}
              type="button"
              role="menuitem"
              className="menu-item"
              title={titleName(o.name)}
              onClick={() => {
                setOpen(false);
                requestCompare(o.id, file.id);
              }}
            >
              <Name text={o.name} />
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Drag-and-drop props of an entry: drag one onto another to compare (dragged = base). */
export function entryDragProps(id: FileId, ready: boolean, over: boolean, setOver: (id: FileId | null) => void) {
  if (!ready) return {};
  return {
    draggable: true,
    onDragStart: (e: React.DragEvent) => {
      e.dataTransfer.setData(ENTRY_DRAG_TYPE, id);
      e.dataTransfer.effectAllowed = 'link';
    },
    onDragOver: (e: React.DragEvent) => {
      if (!e.dataTransfer.types.includes(ENTRY_DRAG_TYPE)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'link';
      if (!over) setOver(id);
    },
    onDragLeave: () => setOver(null),
    onDrop: (e: React.DragEvent) => {
      const base = e.dataTransfer.getData(ENTRY_DRAG_TYPE);
      if (!base) return;
      e.preventDefault();
      e.stopPropagation();
      setOver(null);
      if (base !== id) requestCompare(base, id);
    },
  };
}
