/** One X12 segment: its id and its elements (element 1 is `elements[0]`). */
export interface Segment {
  id: string;
  elements: string[];
}

/** The delimiters of one interchange, as its ISA header declares them. */
export interface Delimiters {
  element: string;
  segment: string;
  component: string;
  /** ISA11 in 00402+ envelopes; absent for 00401, where ISA11 is the standards identifier `U`. */
  repetition?: string;
}

/** One transaction set (ST…SE) with the group and interchange headers it came in. */
export interface Transaction {
  interchangeControl: string;
  sender: string;
  functionalId: string;
  groupControl: string;
  version: string;
  setId: string;
  setControl: string;
  /** Segments between ST and SE, both excluded. */
  body: Segment[];
}

/** The ISA segment is fixed width: 106 characters including its terminator. */
const ISA_LENGTH = 106;

/** Thrown for text that is not a well-formed interchange. The message never quotes the content. */
export class X12SyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'X12SyntaxError';
  }
}

/** Reads the delimiters from the ISA header instead of assuming `*`, `~` and `>`. */
export function readDelimiters(text: string): Delimiters {
  const start = text.indexOf('ISA');
  if (start < 0 || text.length < start + ISA_LENGTH) throw new X12SyntaxError('no ISA header');
  const isa = text.slice(start, start + ISA_LENGTH);
  const element = isa.charAt(3);
  const fields = isa.slice(0, ISA_LENGTH - 1).split(element);
  if (fields.length !== 17) throw new X12SyntaxError('ISA header does not have 16 elements');
  const segment = isa.charAt(ISA_LENGTH - 1);
  const component = isa.charAt(ISA_LENGTH - 2);
  const isa11 = fields[11] ?? '';
  const delimiters: Delimiters = { element, segment, component };
  if (isa11 !== 'U' && isa11.length === 1 && !/[A-Za-z0-9 ]/.test(isa11)) delimiters.repetition = isa11;
  return delimiters;
}

/** Splits an interchange into segments with the delimiters its ISA declares; line breaks between segments are ignored. */
export function parseSegments(text: string): { delimiters: Delimiters; segments: Segment[] } {
  const body = text.slice(Math.max(0, text.indexOf('ISA')));
  const delimiters = readDelimiters(body);
  const segments: Segment[] = [];
  for (const raw of body.split(delimiters.segment)) {
    const trimmed = raw.replace(/^[\r\n\t ]+/, '').replace(/[\r\n]+$/, '');
    if (trimmed === '') continue;
    const [id = '', ...elements] = trimmed.split(delimiters.element);
    segments.push({ id, elements });
  }
  return { delimiters, segments };
}

/** Element `n` (1-based, as X12 numbers them) of a segment, trimmed; empty when absent. */
export function el(segment: Segment | undefined, n: number): string {
  return (segment?.elements[n - 1] ?? '').trim();
}

/** Groups the segments of one interchange into transaction sets, checking the SE, GE and IEA counts. */
export function transactions(segments: Segment[]): Transaction[] {
  const out: Transaction[] = [];
  let isa: Segment | undefined;
  let gs: Segment | undefined;
  let current: { st: Segment; body: Segment[] } | undefined;
  let setsInGroup = 0;
  let groups = 0;
  for (const seg of segments) {
    switch (seg.id) {
      case 'ISA':
        isa = seg;
        groups = 0;
        break;
      case 'GS':
        gs = seg;
        setsInGroup = 0;
        break;
      case 'ST':
        current = { st: seg, body: [] };
        break;
      case 'SE': {
        if (!current || !isa || !gs) throw new X12SyntaxError('SE outside a transaction set');
        if (Number(el(seg, 1)) !== current.body.length + 2)
          throw new X12SyntaxError(`SE01 count does not match transaction set ${el(current.st, 2)}`);
        out.push({
          interchangeControl: el(isa, 13),
          sender: el(isa, 6),
          functionalId: el(gs, 1),
          groupControl: el(gs, 6),
          version: el(gs, 8),
          setId: el(current.st, 1),
          setControl: el(current.st, 2),
          body: current.body,
        });
        current = undefined;
        setsInGroup += 1;
        break;
      }
      case 'GE':
        if (Number(el(seg, 1)) !== setsInGroup) throw new X12SyntaxError('GE01 count does not match');
        groups += 1;
        gs = undefined;
        break;
      case 'IEA':
        if (Number(el(seg, 1)) !== groups) throw new X12SyntaxError('IEA01 count does not match');
        break;
      default:
        if (!current) throw new X12SyntaxError(`segment ${seg.id.slice(0, 3)} outside a transaction set`);
        current.body.push(seg);
    }
  }
  if (current) throw new X12SyntaxError('transaction set without SE');
  return out;
}

/** Writes segments with fixed delimiters; empty trailing elements are dropped, as X12 requires. */
export function writeSegments(
  segments: readonly (readonly string[])[],
  d: Delimiters,
  newline: boolean,
): string {
  return segments
    .map((s) => {
      const parts = [...s];
      while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
      return parts.join(d.element) + d.segment + (newline ? '\n' : '');
    })
    .join('');
}

/**
 * Makes free text safe for an element: delimiters and control characters become spaces, runs of spaces
 * collapse, and the result is cut to `max` characters (descriptions and names only; never identifiers).
 */
export function text(value: string, max: number, d: Delimiters): string {
  let out = '';
  for (const ch of value) {
    const bad = ch === d.element || ch === d.segment || ch === d.component || ch === d.repetition;
    out += bad || ch < ' ' ? ' ' : ch;
  }
  return [...out.replace(/\s+/g, ' ').trim()].slice(0, max).join('');
}
