// Models cross the worker boundary by transfer, not by structured cloning of their arrays:
// this collects every ArrayBuffer reachable through plain objects and arrays of a model.

export function collectTransferables(root: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      const b = v.buffer;
      if (b instanceof ArrayBuffer && b.byteLength > 0) buffers.add(b);
      return;
    }
    if (v instanceof ArrayBuffer) {
      buffers.add(v);
      return;
    }
    if (seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      // Arrays of strings or numbers (string tables) hold no buffers: skip them fast.
      if (v.length > 0 && typeof v[0] !== 'object') return;
      for (const item of v) visit(item);
      return;
    }
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
  };
  visit(root);
  return [...buffers];
}
