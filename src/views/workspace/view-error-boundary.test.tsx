// A view that throws is contained: the error panel names the file and the view, the file is
// marked in the store (so the sidebar and the session know), and nothing outside the boundary
// is lost. (The e2e specs have no real file left that makes a view throw: the inputs that did
// are refused by their parsers now, see e2e/workspace.spec.ts.)

import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { useGoLens } from '../../store/store';
import { ViewErrorBoundary } from './ViewErrorBoundary';

afterEach(cleanup);

function Throws(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'length')");
}

it('shows the panel naming the file and the view, and marks the file', () => {
  useGoLens.getState().addLoading({ id: 'f1', name: 'memstats.jsonl', size: 10, origin: 'user' }, false);
  // React reports the caught error on the console; that is expected here.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  render(
    <div>
      <p>the sidebar</p>
      <ViewErrorBoundary files={[{ id: 'f1', name: 'memstats.jsonl' }]} view="MemStats view">
        <Throws />
      </ViewErrorBoundary>
    </div>,
  );
  quiet.mockRestore();
  const panel = screen.getByTestId('view-error');
  expect(panel.getAttribute('role')).toBe('alert');
  expect(panel.textContent).toContain('The MemStats view of memstats.jsonl failed');
  expect(panel.textContent).toContain("reading 'length'");
  expect(screen.getByText('the sidebar')).toBeTruthy();
  const entry = useGoLens.getState().files.find((f) => f.id === 'f1')!;
  expect(entry.renderError).toMatchObject({ code: 'view.failed', args: { view: 'MemStats view' } });
});
