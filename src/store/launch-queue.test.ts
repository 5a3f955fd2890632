import { describe, expect, it } from 'vitest';
import { readFixture } from '../test-utils/fixtures';
import { installLaunchConsumer, type LaunchParams } from './launch-queue';

describe('launchQueue consumer', () => {
  it('opens the files the OS hands over, in order, skipping directories', async () => {
    const heap = readFixture('leak/go1.27/heap_after.pb.gz');
    const log = readFixture('leak/go1.27/gctrace.log');
    const params: LaunchParams = {
      files: [
        { kind: 'file', getFile: async () => new File([heap as Uint8Array<ArrayBuffer>], 'heap_after.pb.gz') },
        { kind: 'directory', getFile: async () => Promise.reject(new Error('a directory has no file')) },
        { kind: 'file', getFile: async () => new File([log as Uint8Array<ArrayBuffer>], 'gctrace.log') },
      ],
    };
    let consumer: ((p: LaunchParams) => void | Promise<void>) | null = null;
    const opened: File[][] = [];
    expect(installLaunchConsumer({ setConsumer: (c) => (consumer = c) }, (f) => opened.push(f))).toBe(true);
    expect(installLaunchConsumer(undefined, () => {})).toBe(false);
    await consumer!(params);
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.map((f) => f.name)).toEqual(['heap_after.pb.gz', 'gctrace.log']);
    expect(new Uint8Array(await opened[0]![0]!.arrayBuffer())).toEqual(heap);
    expect(opened[0]![1]!.size).toBe(log.length);
  });

  it('a launch with no files opens nothing', async () => {
    let consumer: ((p: LaunchParams) => void | Promise<void>) | null = null;
    const opened: File[][] = [];
    installLaunchConsumer({ setConsumer: (c) => (consumer = c) }, (f) => opened.push(f));
    await consumer!({ files: [] });
    await consumer!({});
    expect(opened).toEqual([]);
  });
});
