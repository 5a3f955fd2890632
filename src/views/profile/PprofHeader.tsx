// The lines `go tool pprof` prints before its reports (analysis/profile/pprof-header.ts): File,
// Build ID, comments, Type, Time, Duration with "Total samples = …", one row per profile (a
// comparison shows its base and its target). Text from the file goes in as React text only.

import type { ProfileModel } from '../../model/profile';
import type { InitialProfileView } from '../../analysis/profile/top';
import { profileSelectors } from '../../store/selectors';
import { titleName } from '../../base/display-name';
import { Name } from '../Name';

export type PprofHeaderSide = {
  profile: ProfileModel;
  sampleTypeIndex: number;
  /** The worker's first view of the profile, when it is a file's (its entry's `derived`). */
  initialView?: InitialProfileView | null;
  /** "base" / "target" in a comparison, with the file's name. */
  label?: string;
  name?: string;
};

export function PprofHeader({ sides }: { sides: PprofHeaderSide[] }) {
  return (
    <div className="pprof-header" data-testid="pprof-header" aria-label="pprof header">
      {sides.map((s, i) => (
        <div key={i} className="pprof-header-row" data-side={s.label}>
          {s.label ? (
            <span className="pprof-header-side" title={s.name === undefined ? undefined : titleName(s.name)}>
              {s.label}
              {s.name ? <span className="pprof-header-name">
                  {' '}
                  <Name text={s.name} />
                </span> : null}
            </span>
          ) : null}
          {profileSelectors(s.profile, s.initialView)
            .pprofHeader(s.sampleTypeIndex)
            .map((line, j) => (
              <span key={j} className="pprof-header-line">
                <Name text={line} />
              </span>
            ))}
        </div>
      ))}
    </div>
  );
}
