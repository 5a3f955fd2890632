// What can be done with the files checked in the sidebar (shift/ctrl-click): show them as a
// series of snapshots, or as one program run on one time axis. The demo's files are real
// profiles of other programs, never snapshots of the user's program nor part of its run:
// "Series" and "Same run" leave them out and say so.
import { useGoLens } from '../../store/store';
import { formatMessage } from '../../i18n/en';
import { message } from '../../base/messages';

export function CheckedFilesActions() {
  const checked = useGoLens((s) => s.checked);
  const files = useGoLens((s) => s.files);
  const select = useGoLens((s) => s.select);
  if (checked.length < 2) return null;
  const isDemo = (id: string) => files.some((f) => f.id === id && f.origin === 'demo');
  const own = checked.filter((id) => !isDemo(id));
  const demo = checked.filter(isDemo);
  const demoNote = demo.length
    ? formatMessage(message('workspace.demo-left-out', { files: demo.map((id) => files.find((f) => f.id === id)!.name).join(', ') }))
    : '';
  return (
    <>
      <button
        type="button"
        data-testid="make-series"
        disabled={own.length < 2}
        title={demo.length ? demoNote : 'Show these snapshots of one program in time order, with what grows'}
        onClick={() => select({ kind: 'series', ids: own })}
      >
        Series
      </button>
      <button
        type="button"
        data-testid="make-run"
        disabled={own.length < 2}
        title={demo.length ? demoNote : 'Place these files of one program run on one time axis'}
        onClick={() => select({ kind: 'run', ids: own })}
      >
        Same run
      </button>
      {demo.length ? (
        <span className="muted run-demo-note" data-testid="run-demo-note">
          {demoNote}
        </span>
      ) : null}
    </>
  );
}
