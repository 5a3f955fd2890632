// A view that throws shows an error panel naming the file(s) and the view, with the message;
// the rest of the app and the other files are untouched. The file is marked in the sidebar and
// in the session (src/store/loader.ts markRenderFailed), so a reload does not bring it back as
// "ready" to fail again.

import { Component, type ReactNode } from 'react';
import { markRenderFailed } from '../../store/loader';
import type { FileId } from '../../store/store';
import { displayName } from '../../base/display-name';

type Props = { files: { id: FileId; name: string }[]; view: string; children: ReactNode };
type State = { error: Error | null };

export class ViewErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error): void {
    for (const f of this.props.files) markRenderFailed(f.id, this.props.view, error.message);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const names = this.props.files.map((f) => displayName(f.name)).join(', ');
    return (
      <section className="view-error" role="alert" data-testid="view-error" data-view={this.props.view}>
        <h2>The {this.props.view} of {names} failed</h2>
        <p>
          GoLens could not show this file: <code>{displayName(error.message, 1000)}</code>
        </p>
        <p className="muted">
          The other files are not affected. The file stays in the sidebar, marked; remove it, or report the problem with the file
          if you can share it.
        </p>
      </section>
    );
  }
}
