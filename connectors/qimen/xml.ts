/**
 * The XML subset Qimen uses: elements and text, no namespaces or mixed content. Attributes, comments,
 * processing instructions and DOCTYPEs are skipped when reading (a DOCTYPE is refused: no entity expansion).
 */

/** A value to write: text, a nested element, a list of same-named elements, or nothing (left out). */
export type XmlValue = string | number | XmlObject | XmlObject[] | undefined;
export type XmlObject = { [name: string]: XmlValue };

/** A parsed element. */
export interface XmlElement {
  name: string;
  text: string;
  children: XmlElement[];
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

// XML 1.0 allows tab, LF, CR and everything from U+0020 except the surrogates and U+FFFE/U+FFFF.
const INVALID_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(value: string): string {
  return value
    .replace(INVALID_CHARS, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function write(name: string, value: XmlValue): string {
  if (!NAME.test(name)) throw new XmlSyntaxError(`invalid element name ${name.slice(0, 40)}`);
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => write(name, v)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => write(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Serialises one root element with an XML declaration. Keys keep their insertion order. */
export function buildXml(root: string, value: XmlObject): string {
  return `<?xml version="1.0" encoding="utf-8"?>${write(root, value)}`;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const known = ENTITIES[ref];
    if (known === undefined) throw new XmlSyntaxError(`unknown entity &${ref.slice(0, 20)};`);
    return known;
  });
}

/** Parses a document into its root element. Throws `XmlSyntaxError` for anything malformed. */
export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(text)) throw new XmlSyntaxError('DOCTYPE is not allowed');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(chunk);
    else if (chunk.trim() !== '') throw new XmlSyntaxError('text outside the root element');
    if (lt < 0) break;
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end < 0 || !top) throw new XmlSyntaxError('unterminated CDATA');
      top.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      if (end < 0) throw new XmlSyntaxError('unterminated comment');
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt);
      if (end < 0) throw new XmlSyntaxError('unterminated declaration');
      i = end + 2;
    } else {
      const end = text.indexOf('>', lt);
      if (end < 0) throw new XmlSyntaxError('unterminated tag');
      const tag = text.slice(lt + 1, end);
      i = end + 1;
      if (tag.startsWith('/')) {
        const open = stack.pop();
        if (!open || open.name !== tag.slice(1).trim()) throw new XmlSyntaxError('mismatched closing tag');
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const name = (selfClosing ? tag.slice(0, -1) : tag).trim().split(/\s+/)[0] ?? '';
      if (!NAME.test(name)) throw new XmlSyntaxError('invalid element name');
      const el: XmlElement = { name, text: '', children: [] };
      if (top) top.children.push(el);
      else if (root) throw new XmlSyntaxError('more than one root element');
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length > 0 || !root) throw new XmlSyntaxError('unclosed element');
  return root;
}

/** The first child named `name` (a `/`-separated path walks down). */
export function child(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = el;
  for (const name of path.split('/')) current = current?.children.find((c) => c.name === name);
  return current;
}

/** Every child named `name`. */
export function childrenOf(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Trimmed text of the child at `path`; empty when absent. */
export function textAt(el: XmlElement | undefined, path: string): string {
  return child(el, path)?.text.trim() ?? '';
}
