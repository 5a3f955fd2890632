// "3 lines skipped; first (line 7): …": lines of a text input that did not parse are reported,
// never dropped silently (issue 5, "Bad input").

import { skippedMessage, type SkippedLines } from '../../model/runtime-log';
import { formatMessage } from '../../i18n/en';

export function SkippedNotice({ skipped, what = 'lines' }: { skipped: SkippedLines; what?: string }) {
  if (skipped.count === 0) return null;
  return (
    <p className="notice skipped-notice" role="status" data-testid="skipped-lines" data-count={skipped.count}>
      {formatMessage(skippedMessage(skipped)!)}
      {what !== 'lines' ? <span className="muted"> ({what})</span> : null}
    </p>
  );
}
