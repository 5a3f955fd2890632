// The main area for a selection of several files whose view is not built yet: it names them.
import type { FileEntry, Selection } from '../../store/store';
import { displayName } from '../../base/display-name';

export function SelectionPlaceholder({ selection, files }: { selection: Selection; files: FileEntry[] }) {
  return (
    <section className="notice" data-testid="selection-view" data-kind={selection.kind}>
      <h2>
        {selection.kind}: {files.map((f) => displayName(f.name)).join(selection.kind === 'compare' ? ' → ' : ', ')}
      </h2>
    </section>
  );
}
