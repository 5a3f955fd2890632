// The fuzzer's worker thread entry: registers tsx in this thread, then runs fuzz-worker.ts.
import { register } from 'tsx/esm/api';
register();
await import('./fuzz-worker.ts');
