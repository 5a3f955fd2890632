// What the main area shows: the selection (one file, a comparison, a series, a run), each
// under its view key (view-state.tsx) and an error boundary naming the file and the view.

import type { ParsedFile } from '../model/parsed-file';
import { selectionFiles, useGoLens, viewKeyOf, type FileEntry, type Selection } from '../store/store';
import { DigestView } from './DigestView';
import { ProfileView } from './profile/ProfileView';
import { TraceView } from './trace/TraceView';
import { EscapeView } from './runtime/EscapeView';
import { GoroutineDumpView } from './runtime/GoroutineDumpView';
import { GoroutineProfileView } from './runtime/GoroutineProfileView';
import { isGoroutineProfile } from '../analysis/profile/goroutine-profile-view';
import { MemStatsView } from './runtime/MemStatsView';
import { RuntimeLogView } from './runtime/RuntimeLogView';
import { ViewKeyProvider } from './view-state';
import { ViewErrorBoundary } from './workspace/ViewErrorBoundary';
import { SelectionPlaceholder } from './workspace/SelectionPlaceholder';
import { CompareSelection } from './compare/CompareSelection';
import { SeriesView } from './compare/SeriesView';
import { RunView } from './run/RunView';

/** The name of the view a file gets (for the error panel). */
function viewName(parsed: ParsedFile): string {
  switch (parsed.kind) {
    case 'trace':
      return 'trace view';
    case 'profile':
      return isGoroutineProfile(parsed) ? 'goroutine profile view' : 'profile view';
    case 'runtime-log':
      return 'GC log view';
    case 'memstats':
      return 'MemStats view';
    case 'goroutine-dump':
      return 'goroutine dump view';
    case 'escape':
      return 'escape analysis view';
  }
}

function FileView({ file }: { file: FileEntry }) {
  const parsed = file.parsed!;
  if (parsed.kind === 'trace') return <TraceView trace={parsed} name={file.name} derived={file.derived} />;
  if (parsed.kind === 'profile') {
    return parsed.samples.length === 0 ? (
      <p className="notice" role="status" data-testid="no-samples">
        This profile has no samples: there is nothing to draw.
      </p>
    ) : isGoroutineProfile(parsed) ? (
      <GoroutineProfileView profile={parsed} />
    ) : (
      <ProfileView profile={parsed} initialView={file.derived.initialView ?? null} header />
    );
  }
  if (parsed.kind === 'runtime-log') return <RuntimeLogView log={parsed} />;
  if (parsed.kind === 'memstats') return <MemStatsView model={parsed} />;
  if (parsed.kind === 'goroutine-dump') return <GoroutineDumpView dump={parsed} />;
  if (parsed.kind === 'escape') return <EscapeView model={parsed} />;
  return <DigestView parsed={parsed} title="Summary" />;
}

export function MainView({ selection }: { selection: Selection }) {
  const files = useGoLens((s) => s.files);
  const shown = selectionFiles(selection).map((id) => files.find((f) => f.id === id));
  if (shown.some((f) => !f?.parsed)) return null;
  const entries = shown as FileEntry[];
  const key = viewKeyOf(selection);
  const view = selection.kind === 'file' ? viewName(entries[0]!.parsed!) : `${selection.kind} view`;
  return (
    <ViewKeyProvider value={key}>
      <ViewErrorBoundary key={key} files={entries} view={view}>
        {selection.kind === 'file' ? (
          <FileView file={entries[0]!} />
        ) : selection.kind === 'compare' ? (
          <CompareSelection base={entries[0]!} target={entries[1]!} />
        ) : selection.kind === 'series' ? (
          <section className="selection-view" data-testid="selection-view" data-kind="series">
            <SeriesView files={entries} />
          </section>
        ) : selection.kind === 'run' ? (
          <RunView files={entries} />
        ) : (
          <SelectionPlaceholder selection={selection} files={entries} />
        )}
      </ViewErrorBoundary>
    </ViewKeyProvider>
  );
}
