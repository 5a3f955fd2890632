// Finds the regular expressions that can backtrack super-linearly on untrusted text: a
// JavaScript engine backtracks, so `(\d+ ?)*` takes exponential time on a long run of digits
// and `\d+ ?\d+` quadratic time (Go's RE2 never does; a pattern ported from Go must be checked).
// Reported, per pattern:
// - nested: an unbounded quantifier over a group that holds another unbounded quantifier;
// - adjacent: two unbounded quantifiers in sequence (only optional items between them) whose
//   character sets overlap, so a run of those characters can be split between them in n ways;
// - unanchored: a pattern searched anywhere (no `^`, not sticky) starting with an unbounded
//   quantifier that a later item can make fail, with no lookbehind keeping it to a run's start.
// The parser knows the syntax the project's patterns use (groups, lookarounds, classes,
// escapes, counted quantifiers); anything else throws, so an unknown form is never passed.

type Term = { atom: Atom; min: number; max: number };
type Atom =
  | { kind: 'char'; src: string }
  | { kind: 'group'; alts: Term[][]; look: '' | '=' | '!' | '<=' | '<!' }
  | { kind: 'zero' }; // anchors, word boundaries, back-references (treated as matching nothing)

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  parse(): Term[][] {
    const alts = this.alternation();
    if (this.i !== this.s.length) throw new Error(`unexpected ${this.s[this.i]} at ${this.i} in /${this.s}/`);
    return alts;
  }

  private alternation(): Term[][] {
    const alts: Term[][] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Term[] {
    const terms: Term[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      const [min, max] = this.quantifier();
      terms.push({ atom, min, max });
    }
    return terms;
  }

  private quantifier(): [number, number] {
    const c = this.s[this.i];
    let q: [number, number] = [1, 1];
    if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '?') q = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return q; // a literal brace
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (this.s[this.i] === '?') this.i++;
      return [min, max];
    } else return q;
    this.i++;
    if (this.s[this.i] === '?') this.i++; // lazy: the same backtracking, in another order
    return q;
  }

  private atom(): Atom {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '(') {
      this.i++;
      let look: '' | '=' | '!' | '<=' | '<!' = '';
      if (s.startsWith('?:', this.i)) this.i += 2;
      else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
        look = s[this.i + 1] as '=' | '!';
        this.i += 2;
      } else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
        look = s.slice(this.i + 1, this.i + 3) as '<=' | '<!';
        this.i += 3;
      } else if (s.startsWith('?<', this.i)) {
        const end = s.indexOf('>', this.i);
        this.i = end + 1;
      } else if (s[this.i] === '?') throw new Error(`unknown group at ${this.i} in /${s}/`);
      const alts = this.alternation();
      if (s[this.i] !== ')') throw new Error(`unclosed group in /${s}/`);
      this.i++;
      return { kind: 'group', alts, look };
    }
    if (c === '[') {
      const start = this.i;
      this.i++;
      if (s[this.i] === '^') this.i++;
      if (s[this.i] === ']') this.i++;
      while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
      if (s[this.i] !== ']') throw new Error(`unclosed class in /${s}/`);
      this.i++;
      return { kind: 'char', src: s.slice(start, this.i) };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { kind: 'zero' };
    }
    if (c === '\\') {
      const e = s[this.i + 1]!;
      if (e === 'b' || e === 'B' || /[1-9]/.test(e)) {
        this.i += 2;
        return { kind: 'zero' };
      }
      const m = /^\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|c[A-Za-z]|.)/u.exec(s.slice(this.i));
      this.i += m![0].length;
      return { kind: 'char', src: m![0] };
    }
    if (c === ')' || c === '*' || c === '+' || c === '?') throw new Error(`unexpected ${c} at ${this.i} in /${s}/`);
    this.i++;
    return { kind: 'char', src: c === '.' ? '.' : c.replace(/[{}]/, '\\$&') };
  }
}

/** The characters a set is probed with: ASCII, and a few that stand for the rest. */
const PROBES: string[] = [
  ...Array.from({ length: 128 }, (_, k) => String.fromCharCode(k)),
  '\u00e9', '\u00a0', '\u202e', '\u2028', '\u4e16', '\ufeff',
];

/** A set of probe characters as a bit string. */
type CharSet = bigint;

function charSetOf(src: string, flags: string): CharSet {
  const re = new RegExp(`^(?:${src})$`, flags.replace(/[gy]/g, ''));
  let set = 0n;
  PROBES.forEach((p, k) => {
    if (re.test(p)) set |= 1n << BigInt(k);
  });
  return set;
}

export type RegexHazard = { kind: 'nested' | 'adjacent' | 'unanchored'; detail: string };

/** The hazards of one pattern (empty when it is linear in its input). */
export function regexHazards(re: RegExp): RegexHazard[] {
  const flags = re.flags;
  const alts = new Parser(re.source).parse();
  const hazards: RegexHazard[] = [];
  const memo = new Map<Atom, CharSet>();

  const setOf = (a: Atom): CharSet => {
    let v = memo.get(a);
    if (v !== undefined) return v;
    if (a.kind === 'char') v = charSetOf(a.src, flags);
    else if (a.kind === 'zero' || a.look !== '') v = 0n;
    else v = a.alts.flat().reduce((acc, t) => acc | setOf(t.atom), 0n);
    memo.set(a, v);
    return v;
  };
  const unbounded = (t: Term) => t.max === Infinity;
  const nullable = (t: Term): boolean =>
    t.min === 0 ||
    t.atom.kind === 'zero' ||
    (t.atom.kind === 'group' && (t.atom.look !== '' || t.atom.alts.some((alt) => alt.every(nullable))));
  const containsUnbounded = (a: Atom): boolean =>
    a.kind === 'group' && a.alts.some((alt) => alt.some((t) => unbounded(t) || containsUnbounded(t.atom)));
  // The characters a loop at the end (start) of a term can take: where a following (preceding)
  // loop of overlapping characters makes the split ambiguous.
  const edge = (t: Term, fromEnd: boolean): CharSet => {
    if (t.atom.kind === 'char') return unbounded(t) ? setOf(t.atom) : 0n;
    // A repeated group's iterations are the nested rule's concern; here, what its body ends with.
    if (t.atom.kind !== 'group' || t.atom.look !== '') return 0n;
    let acc = 0n;
    for (const alt of t.atom.alts) {
      const seq = fromEnd ? [...alt].reverse() : alt;
      for (const u of seq) {
        acc |= edge(u, fromEnd);
        if (!nullable(u)) break;
      }
    }
    return acc;
  };
  const show = (terms: Term[]) => terms.map(termSource).join('');

  // The characters that can start a sequence.
  const first = (terms: Term[]): CharSet => {
    let acc = 0n;
    for (const u of terms) {
      acc |= setOf(u.atom);
      if (!nullable(u)) break;
    }
    return acc;
  };
  // Whether a term can fail to match after the loops before it stopped (forcing them to split again).
  const canFail = (t: Term) => !nullable(t) || t.atom.kind === 'zero' || (t.atom.kind === 'group' && t.atom.look !== '');

  const walk = (terms: Term[], topLevel: boolean) => {
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      // A loop over a body that holds a loop: exponential when an iteration's end can be the
      // next one's start (`(\d+ ?)*`); `( 0x[0-9a-f]+)+` starts each iteration with a space.
      if (unbounded(t) && containsUnbounded(t.atom) && t.atom.kind === 'group') {
        const body = t.atom.alts;
        const starts = body.reduce((acc, alt) => acc | first(alt), 0n);
        if ((edge({ atom: t.atom, min: 1, max: 1 }, true) & starts) !== 0n) {
          hazards.push({ kind: 'nested', detail: termSource(t) });
        }
      }
      const tail = edge(t, true);
      if (tail !== 0n) {
        for (let j = i + 1; j < terms.length; j++) {
          if ((edge(terms[j]!, false) & tail) !== 0n) {
            // At the end of the pattern nothing can fail after the pair: the first split stands.
            if (topLevel && !terms.slice(j + 1).some(canFail)) break;
            hazards.push({ kind: 'adjacent', detail: show(terms.slice(i, j + 1)) });
            break;
          }
          if (!nullable(terms[j]!)) break;
        }
      }
      if (t.atom.kind === 'group') for (const alt of t.atom.alts) walk(alt, false);
    }
  };
  for (const alt of alts) walk(alt, true);

  if (!flags.includes('y')) {
    for (const alt of alts) {
      const first = alt.findIndex((t) => !(t.atom.kind === 'group' && t.atom.look === '<!'));
      const t = alt[first];
      if (!t || t.atom.kind === 'zero' || !unbounded(t) || alt.slice(first + 1).every(nullable)) continue;
      const guard = alt.slice(0, first).reduce((acc, g) => acc | setOf({ ...g.atom, look: '' } as Atom), 0n);
      const loop = setOf(t.atom);
      if ((loop & ~guard) !== 0n) hazards.push({ kind: 'unanchored', detail: show(alt.slice(0, first + 2)) });
    }
  }
  return hazards;
}

function termSource(t: Term): string {
  const a = t.atom;
  const body =
    a.kind === 'char'
      ? a.src
      : a.kind === 'zero'
        ? '^'
        : `(${a.look === '' ? '' : '?' + a.look}${a.alts.map((alt) => alt.map(termSource).join('')).join('|')})`;
  const q =
    t.min === 1 && t.max === 1
      ? ''
      : t.min === 0 && t.max === Infinity
        ? '*'
        : t.min === 1 && t.max === Infinity
          ? '+'
          : t.min === 0 && t.max === 1
            ? '?'
            : `{${t.min},${t.max === Infinity ? '' : t.max}}`;
  return body + q;
}
