// The Blocking profiles page: go tool trace's four pprof profiles (-pprof=net|sync|syscall|sched)
// of the whole trace, one at a time (view option `btype`), in the flame graph and top table of
// any pprof profile, and downloadable as the .pb.gz `golens pprof --type` writes. Computed in a
// worker (store/loader.ts blockingProfilesOf); a type with no blocking says so.

import { useEffect, useMemo } from 'react';
import type { TraceModel } from '../../model/trace';
import { BLOCKING_TYPES, type BlockingType } from '../../analysis/trace/blocking-profile';
import { formatCount, formatNanoseconds } from '../../base/units';
import { formatMessage } from '../../i18n/en';
import { blockingPageOf, type BlockingPageResult } from '../../store/loader';
import { useTraceWork } from './use-trace-work';
import { useViewKey, useViewOption, ViewKeyProvider } from '../view-state';
import { ProfileView } from '../profile/ProfileView';
import { TruncatedNote } from './TruncatedNote';
import { PageScope, usePageRange } from './PageScope';

/** go tool trace's names of its profiles (its main page's links). */
const TITLES: Record<BlockingType, string> = {
  net: 'Network blocking',
  sync: 'Synchronization blocking',
  syscall: 'Syscall',
  sched: 'Scheduler latency',
};

const HELP: Record<BlockingType, string> = {
  net: 'Time goroutines spent waiting on the network (netpoller), by the stack where they blocked.',
  sync: 'Time goroutines spent blocked on channels, select and sync primitives (Mutex, RWMutex, WaitGroup, Cond), by the stack where they blocked.',
  syscall: 'Time goroutines spent in system calls, by the stack of the call.',
  sched: 'Time goroutines spent runnable, waiting for a P (scheduler latency), by the stack where they became runnable.',
};

type Profiles = Extract<BlockingPageResult, { ok: true }>['profiles'];

/** The time a profile holds (its delay total, ns) and its number of blocking events. */
function totals(p: Profiles[BlockingType]): { ns: number; count: number } {
  let ns = 0, count = 0;
  const v = p.profile.samples;
  for (let i = 0; i < v.length; i++) {
    count += v.values[0]![i]!;
    ns += v.values[1]![i]!;
  }
  return { ns, count };
}

export function BlockingPage({ t, name }: { t: TraceModel; name: string }) {
  const range = usePageRange();
  const result = useTraceWork(t, `blocking ${range}`, () => blockingPageOf(t, range));
  const [typeOpt, setType] = useViewOption('btype');
  const key = useViewKey();
  const sums = useMemo(() => {
    if (!result?.ok) return null;
    const out = {} as Record<BlockingType, { ns: number; count: number }>;
    for (const type of BLOCKING_TYPES) out[type] = totals(result.profiles[type]);
    return out;
  }, [result]);
  if (!result) {
    return (
      <p className="notice" data-testid="blocking-profile-working" role="status">
        Computing the blocking profiles…
      </p>
    );
  }
  if (!result.ok) {
    return (
      <p className="notice error" role="alert">
        The blocking profiles failed: {formatMessage(result.error)}
      </p>
    );
  }
  // The chosen type, else the first in go tool trace's order that has any blocking.
  const chosen = (BLOCKING_TYPES as string[]).includes(typeOpt)
    ? (typeOpt as BlockingType)
    : (BLOCKING_TYPES.find((ty) => sums![ty].count > 0) ?? 'net');
  const p = result.profiles[chosen];
  const sum = sums![chosen];
  return (
    <section className="trace-page blocking-page" data-testid="blocking-profile" data-type={chosen} data-total-ns={sum.ns} data-count={sum.count}>
      <TruncatedNote t={t} />
      <PageScope what="Blocking profiles" />
      <div className="toolbar blocking-types" role="radiogroup" aria-label="Blocking profile">
        {BLOCKING_TYPES.map((ty) => (
          <button
            key={ty}
            type="button"
            role="radio"
            aria-checked={ty === chosen}
            className={ty === chosen ? 'active' : undefined}
            data-type={ty}
            title={`go tool trace -pprof=${ty}: ${HELP[ty]}`}
            onClick={() => setType(ty)}
          >
            {ty} <span className="muted">{sums![ty].count ? formatNanoseconds(sums![ty].ns) : 'none'}</span>
          </button>
        ))}
        <span className="muted hint">{TITLES[chosen]} profile: {HELP[chosen]}</span>
        {sum.count > 0 ? <DownloadButton bytes={p.pprof} fileName={`${baseName(name)}.${chosen}${range ? ".range" : ""}.pb.gz`} /> : null}
      </div>
      {sum.count === 0 ? (
        <p className="notice" data-testid="blocking-none" role="status">
          No {chosen} blocking in this {range ? 'range' : 'trace'}: {noneWhy(chosen)}
        </p>
      ) : (
        <>
          <p className="muted page-intro">
            {formatCount(sum.count)} blocking event{sum.count === 1 ? '' : 's'}, {formatNanoseconds(sum.ns)} in all, as go tool trace -pprof={chosen}{' '}
            computes them{range ? ' (each clipped to the range)' : ''}.
          </p>
          <ViewKeyProvider value={`blk-${chosen}:${key}`}>
            <ProfileView key={chosen} profile={p.profile} initialView={p.initialView} header />
          </ViewKeyProvider>
        </>
      )}
    </section>
  );
}

function noneWhy(type: BlockingType): string {
  switch (type) {
    case 'net':
      return 'no goroutine waited on the network.';
    case 'sync':
      return 'no goroutine blocked on a channel, select or sync primitive.';
    case 'syscall':
      return 'no goroutine was in a system call.';
    case 'sched':
      return 'no goroutine waited for a P.';
  }
}

/** "trace.out" for "trace.out"; the name a download starts with. */
function baseName(name: string): string {
  const b = name.split(/[\\/]/).pop() || 'trace';
  return b;
}

/** A link that downloads the bytes (an object URL, revoked when the bytes change or the page goes). */
function DownloadButton({ bytes, fileName }: { bytes: Uint8Array; fileName: string }) {
  const url = useMemo(() => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' })), [bytes]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <a className="button" data-testid="blocking-download" href={url} download={fileName} title="The profile go tool pprof opens (the same bytes golens pprof --type writes)">
      Download .pb.gz
    </a>
  );
}
