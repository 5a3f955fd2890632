// Chooses the view for the selected file by what it is.

import type { ParsedFile } from '../model/parsed-file';
import { DigestView } from './DigestView';
import { ProfileView } from './profile/ProfileView';
import { TraceView } from './trace/TraceView';
import { EscapeView } from './runtime/EscapeView';
import { GoroutineDumpView } from './runtime/GoroutineDumpView';
import { GoroutineProfileView } from './runtime/GoroutineProfileView';
import { isGoroutineProfile } from '../analysis/profile/goroutine-profile-view';
import { MemStatsView } from './runtime/MemStatsView';
import { RuntimeLogView } from './runtime/RuntimeLogView';

export function MainView({ parsed, name }: { parsed: ParsedFile; name: string }) {
  if (parsed.kind === 'trace') return <TraceView trace={parsed} name={name} />;
  if (parsed.kind === 'profile') {
    return parsed.samples.length === 0 ? (
      <p className="notice" role="status" data-testid="no-samples">
        This profile has no samples: there is nothing to draw.
      </p>
    ) : isGoroutineProfile(parsed) ? (
      <GoroutineProfileView profile={parsed} />
    ) : (
      <ProfileView profile={parsed} />
    );
  }
  if (parsed.kind === 'runtime-log') return <RuntimeLogView log={parsed} />;
  if (parsed.kind === 'memstats') return <MemStatsView model={parsed} />;
  if (parsed.kind === 'goroutine-dump') return <GoroutineDumpView dump={parsed} />;
  if (parsed.kind === 'escape') return <EscapeView model={parsed} />;
  return <DigestView parsed={parsed} title="Summary" />;
}
