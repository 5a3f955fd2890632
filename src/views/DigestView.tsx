// The digest of any parsed file as a table: what `golens summary` says, for kinds that do not
// have a richer view yet and as a header above those that do.

import { summarize } from '../analysis/digest/summary';
import type { ParsedFile } from '../model/parsed-file';

function flatten(prefix: string, v: unknown, out: [string, string][]): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out);
    return;
  }
  if (Array.isArray(v)) {
    out.push([prefix, v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')]);
    return;
  }
  out.push([prefix, String(v)]);
}

export function DigestView({ parsed, title }: { parsed: ParsedFile; title?: string }) {
  const rows: [string, string][] = [];
  flatten('', summarize(parsed), rows);
  return (
    <section className="digest" data-testid="digest">
      {title ? <h2>{title}</h2> : null}
      <table className="digest-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k} data-key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
