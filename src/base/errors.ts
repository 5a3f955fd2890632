// Errors that carry what a user needs to read: which file, what is wrong with it.

/** The input is not what its format requires (truncated, corrupt, unsupported). */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

/** Work stopped because the user cancelled it. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
