// Files opened with the installed app from the OS (the manifest's file_handlers): the browser
// hands them over through `window.launchQueue`; they are loaded as if dropped.

/** The parts of the File Handling API that GoLens uses. */
export type LaunchParams = { files?: readonly { kind?: string; getFile(): Promise<File> }[] };
export type LaunchQueue = { setConsumer(consumer: (params: LaunchParams) => void | Promise<void>): void };

/** Reads the files of one launch and opens them together; returns them (for tests). */
export async function consumeLaunch(params: LaunchParams, open: (files: File[]) => unknown): Promise<File[]> {
  const files: File[] = [];
  for (const handle of params.files ?? []) {
    if (handle.kind !== undefined && handle.kind !== 'file') continue; // a directory
    files.push(await handle.getFile());
  }
  if (files.length > 0) open(files);
  return files;
}

/** Installs the consumer when the browser has a launch queue (an installed app); false otherwise. */
export function installLaunchConsumer(queue: LaunchQueue | undefined, open: (files: File[]) => unknown): boolean {
  if (!queue) return false;
  queue.setConsumer((params) => void consumeLaunch(params, open));
  return true;
}
