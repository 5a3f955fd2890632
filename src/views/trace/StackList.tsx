// A trace stack as a list of frames, innermost first: function, then file:line.

import type { TraceModel } from '../../model/trace';
import { Name } from '../Name';

export function StackList({ t, frames, testId }: { t: TraceModel; frames: number[]; testId: string }) {
  return (
    <ol className="stack-list" data-testid={testId}>
      {frames.map((f, i) => (
        <li key={i}>
          <code>
            <Name text={t.strings[t.frames.func[f]!]!} />
          </code>{' '}
          <span className="muted">
            <Name text={t.strings[t.frames.file[f]!]!} />:{t.frames.line[f]}
          </span>
        </li>
      ))}
    </ol>
  );
}
