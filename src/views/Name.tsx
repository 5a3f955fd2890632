// A name from a file (function, file, label, goroutine start function) as the views show it:
// bidi and control characters made visible, cut to a screen's length (base/display-name.ts), and
// isolated (<bdi>), so a right-to-left name cannot reorder the text around it. React sets it as
// text, never as HTML.

import { displayName } from '../base/display-name';

export function Name({ text, className }: { text: string; className?: string }) {
  return <bdi className={className ? `name ${className}` : 'name'}>{displayName(text)}</bdi>;
}
