// The main area for a comparison: the diff views when the pair can be compared, else why not
// (a link can name any two files).

import { compareProblem } from '../../analysis/profile/diff';
import { formatMessage } from '../../i18n/en';
import { message } from '../../base/messages';
import type { FileEntry } from '../../store/store';
import { CompareView } from './CompareView';

export function CompareSelection({ base, target }: { base: FileEntry; target: FileEntry }) {
  const problem = compareProblem(base.parsed!, target.parsed!);
  return (
    <section className="selection-view" data-testid="selection-view" data-kind="compare">
      {problem ? (
        <p className="notice error" role="alert" data-testid="compare-problem">
          {formatMessage(message('compare.refused', { base: base.name, target: target.name, cause: problem }))}
        </p>
      ) : (
        <CompareView base={base} target={target} />
      )}
    </section>
  );
}
