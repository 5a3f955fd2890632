// Chooses the view for the selected file by what it is.

import type { ParsedFile } from '../model/parsed-file';
import { DigestView } from './DigestView';
import { ProfileView } from './profile/ProfileView';

export function MainView({ parsed }: { parsed: ParsedFile; name: string }) {
  if (parsed.kind === 'profile') {
    return parsed.samples.length === 0 ? (
      <p className="notice" role="status" data-testid="no-samples">
        This profile has no samples: there is nothing to draw.
      </p>
    ) : (
      <ProfileView profile={parsed} />
    );
  }
  return <DigestView parsed={parsed} title="Summary" />;
}
