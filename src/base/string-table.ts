// Interned strings: each distinct string is stored once and referred to by index.

export type IndexIntoStringTable = number;

export class StringTableBuilder {
  readonly strings: string[] = [];
  private readonly index = new Map<string, IndexIntoStringTable>();

  intern(s: string): IndexIntoStringTable {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}
