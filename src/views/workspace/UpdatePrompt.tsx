// The prompt for a new version of the app (store/app-update.ts): non-modal, in a corner; the
// page reloads only on its Reload button. It says whether the open files come back.

import { dismissUpdate, reloadToUpdate, useUpdateReady } from '../../store/app-update';
import { useGoLens } from '../../store/store';

export function UpdatePrompt() {
  const ready = useUpdateReady();
  const storageOk = useGoLens((s) => s.storage.ok);
  const hasFiles = useGoLens((s) => s.files.length > 0);
  if (!ready) return null;
  return (
    <div className="update-ready" role="status" data-testid="update-ready">
      <p>
        <b>A new version of GoLens is ready.</b>{' '}
        {hasFiles
          ? storageOk
            ? 'Your open files come back after the reload.'
            : 'This browser keeps no session: the files will have to be opened again.'
          : null}
      </p>
      <div className="update-actions">
        <button type="button" className="primary" data-testid="update-reload" onClick={reloadToUpdate}>
          Reload
        </button>
        <button type="button" data-testid="update-later" onClick={dismissUpdate}>
          Not now
        </button>
      </div>
    </div>
  );
}
