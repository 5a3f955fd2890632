// Notices about the workspace itself, above the main area: a link naming files that are not
// open here (`missing-files`, with a way to open them), and storage that will not keep the files
// for a reload (private window, quota, an error).

import { formatMessage } from '../../i18n/en';
import { useGoLens } from '../../store/store';
import { describeLinkFile } from '../../store/url-hash';

export function WorkspaceNotices({ onOpen }: { onOpen(): void }) {
  const missing = useGoLens((s) => s.linkMissing);
  const storage = useGoLens((s) => s.storage);
  const dismissLink = useGoLens((s) => s.dismissLink);
  return (
    <>
      {missing && missing.length > 0 ? (
        <div className="notice link-notice" role="status" data-testid="missing-files">
          <p>
            This link shows{' '}
            {missing.map((f, i) => (
              <span key={f.id}>
                {i > 0 ? (i === missing.length - 1 ? ' and ' : ', ') : ''}
                <b data-testid="missing-file">{describeLinkFile(f)}</b>
              </span>
            ))}
            , which {missing.length === 1 ? 'is' : 'are'} not open here: open {missing.length === 1 ? 'it' : 'them'} to see the view
            the link was made of.
          </p>
          <button type="button" onClick={onOpen}>
            Open files…
          </button>{' '}
          <button type="button" className="link" onClick={dismissLink}>
            Dismiss
          </button>
        </div>
      ) : null}
      {!storage.ok ? (
        <div className="notice storage-notice" role="status" data-testid="storage-notice">
          Files will not survive a reload: {formatMessage(storage.problem)}.
        </div>
      ) : null}
    </>
  );
}
