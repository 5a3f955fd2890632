// What can be done with the files checked in the sidebar (shift/ctrl-click): show them as a
// series of snapshots, or as one program run on one time axis.
import { useGoLens } from '../../store/store';

export function CheckedFilesActions() {
  const checked = useGoLens((s) => s.checked);
  const select = useGoLens((s) => s.select);
  if (checked.length < 2) return null;
  return (
    <>
      <button type="button" data-testid="make-series" onClick={() => select({ kind: 'series', ids: checked })}>
        Series
      </button>
      <button type="button" data-testid="make-run" onClick={() => select({ kind: 'run', ids: checked })}>
        Same run
      </button>
    </>
  );
}
