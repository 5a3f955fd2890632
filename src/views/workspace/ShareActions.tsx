// The toolbar's "Copy link": a link that carries the shown files (compressed, in the fragment)
// and the view; the link is also shown in a read-only field to copy by hand. Files too large
// for a link: the panel says why and offers a report (one .html file) instead.

import { useState } from 'react';
import { formatMessage } from '../../i18n/en';
import { formatBytes } from '../../base/units';
import { makeShareLink, pageAddress, type ShareLink } from '../../store/share';
import { useGoLens } from '../../store/store';

export function ShareActions({ report }: { report?: React.ReactNode }) {
  const [link, setLink] = useState<ShareLink | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const hasSelection = useGoLens((s) => s.selection !== null);

  const copy = async () => {
    const l = await makeShareLink(useGoLens.getState(), pageAddress(location));
    setLink(l);
    setCopied(null);
    if (!l.ok) return;
    try {
      await navigator.clipboard.writeText(l.url);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };

  return (
    <div className="share-actions">
      <button type="button" data-testid="copy-link" disabled={!hasSelection} onClick={() => void copy()} title="A link with the shown files and this view">
        Copy link
      </button>
      {report}
      {link ? (
        <div className="share-panel" role="dialog" aria-label="Shared link">
          {link.ok ? (
            <>
              <p>
                {copied === 'yes' ? 'Copied. ' : copied === 'no' ? 'Copy it from the field: ' : ''}
                This link holds {link.files === 1 ? 'the file' : `${link.files} files`} and the view ({formatBytes(link.chars)} of
                text). It works offline and on any copy of GoLens; the data is in the part after <code>#</code>, which
                browsers never send to a server.
              </p>
              <input
                readOnly
                data-testid="share-link"
                value={link.url}
                aria-label="Link"
                onFocus={(e) => e.currentTarget.select()}
              />
            </>
          ) : (
            <p data-testid="share-refused">{formatMessage(link.reason)}.</p>
          )}
          <button type="button" className="link" onClick={() => setLink(null)}>
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}
