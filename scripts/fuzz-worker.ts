// A fuzzer worker thread (scripts/fuzz.ts): makes the inputs of its range and checks each, telling
// the runner before each one starts, so that an input over the time limit is known and the
// thread terminated.
import { parentPort, workerData } from 'node:worker_threads';
import { checkInput, inputFor, loadSeeds } from './fuzz-lib';

const { format, seed, from, to } = workerData as { format: string; seed: number; from: number; to: number };
const seeds = loadSeeds();
for (let i = from; i < to; i++) {
  parentPort!.postMessage({ type: 'start', i });
  const outcome = await checkInput(inputFor(format, seeds, seed, i));
  parentPort!.postMessage({ type: 'done', i, outcome });
}
parentPort!.postMessage({ type: 'end' });
