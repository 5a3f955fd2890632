// A file read a chunk at a time with Node's fs (the trace readers' ChunkedFile).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ChunkedFile } from '../parse/trace/sliding-window';

/** Opens `path`; the descriptor is closed once the last byte has been read (or none came). */
export function openChunkedFile(path: string): ChunkedFile {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  let open = true;
  return {
    size,
    read(into, intoAt, length, fileAt) {
      if (!open) return 0;
      let n = 0;
      while (n < length) {
        const r = readSync(fd, into, intoAt + n, length - n, fileAt + n);
        if (r === 0) break;
        n += r;
      }
      if (n === 0 || fileAt + n >= size) {
        closeSync(fd);
        open = false;
      }
      return n;
    },
  };
}
