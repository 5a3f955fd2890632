// The parse worker: reads a dropped file, parses it by content, transfers the model back.
// One worker per file: cancelling is terminating it, so a stuck parse can never hang the app.
import * as Comlink from 'comlink';
import { parseFile, type WorkerProgress } from '../src/parse/read-file';
import { collectTransferables } from '../src/model/transfer';
import { timedParse } from '../src/parse/timed-parse';
import type { GunzipImpl } from '../src/base/gzip';

const api = {
  async parse(file: Blob, onProgress: WorkerProgress) {
    const parsed = await parseFile(file, onProgress);
    return Comlink.transfer(parsed, collectTransferables(parsed));
  },
  /** The bench's view of a parse: stage timings only, nothing transferred. */
  timedParse(file: Blob, gunzip: GunzipImpl) {
    return timedParse(file, gunzip);
  },
};

export type ParseWorkerApi = typeof api;
Comlink.expose(api);
