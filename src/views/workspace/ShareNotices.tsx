// Notices of share and open: `#url=` files waiting for the user's click (their origins named),
// and what a link's embedded data or addresses could not give (role="alert").

import { useState } from 'react';
import { formatMessage } from '../../i18n/en';
import { openLinkedUrls, originsOf } from '../../store/share';
import { useGoLens } from '../../store/store';

export function ShareNotices() {
  const urls = useGoLens((s) => s.linkedUrls);
  const errors = useGoLens((s) => s.shareErrors);
  const dismissErrors = useGoLens((s) => s.dismissShareErrors);
  const setLinkedUrls = useGoLens((s) => s.setLinkedUrls);
  const [busy, setBusy] = useState(false);
  return (
    <>
      {urls && urls.length > 0 ? (
        <div className="notice link-notice" role="status" data-testid="linked-urls">
          <p>
            This link names {urls.length === 1 ? 'a file' : `${urls.length} files`} on{' '}
            {originsOf(urls).map((o, i) => (
              <span key={o}>
                {i > 0 ? ', ' : ''}
                <b data-testid="linked-origin">{o}</b>
              </span>
            ))}
            . Loading {urls.length === 1 ? 'it' : 'them'} asks that host for:
          </p>
          <ul className="linked-list">
            {urls.map((u) => (
              <li key={u}>
                <code>{u}</code>
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-testid="load-linked"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void openLinkedUrls(urls).finally(() => setBusy(false));
            }}
          >
            Load {urls.length === 1 ? 'the file' : `${urls.length} files`}
          </button>{' '}
          <button type="button" className="link" onClick={() => setLinkedUrls(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {errors.length > 0 ? (
        <div className="notice share-errors" role="alert" data-testid="share-errors">
          <ul>
            {errors.map((m, i) => (
              <li key={i}>{formatMessage(m)}</li>
            ))}
          </ul>
          <button type="button" className="link" onClick={dismissErrors}>
            Dismiss
          </button>
        </div>
      ) : null}
    </>
  );
}
