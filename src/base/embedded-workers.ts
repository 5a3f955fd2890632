// Workers of a saved report. A page opened from file:// cannot start a worker from a file, so a
// report carries its workers' sources and starts them from blob: URLs. A worker that starts a
// worker of its own (the parse worker's trace decoder) gets the others' sources in a prelude and
// makes its own blob: URLs. Outside a report nothing is installed and the app's workers load as
// built.

type Registry = Record<string, string>;
const KEY = '__GOLENS_WORKERS__';

/** The blob: URL of the report's worker `name` ('parse', 'trace-decoder'), or null outside a report. */
export function embeddedWorkerUrl(name: string): string | null {
  return (globalThis as { [KEY]?: Registry })[KEY]?.[name] ?? null;
}

function blobUrl(source: string): string {
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

/** Makes the workers of `sources` ({ name: module source }) the ones embeddedWorkerUrl gives. */
export function installEmbeddedWorkers(sources: Registry): void {
  const urls: Registry = {};
  for (const [name, source] of Object.entries(sources)) {
    const others = Object.fromEntries(Object.entries(sources).filter(([n]) => n !== name));
    // The worker's first statement: the others' blob: URLs, made in the worker.
    const prelude =
      `globalThis.${KEY}=Object.fromEntries(Object.entries(${JSON.stringify(others)})` +
      `.map(([k,s])=>[k,URL.createObjectURL(new Blob([s],{type:"text/javascript"}))]));\n`;
    urls[name] = blobUrl(prelude + source);
  }
  (globalThis as { [KEY]?: Registry })[KEY] = urls;
}
