/**
 * Parses a JSON body while keeping 64-bit integers exact. TOP sends `tid`, `oid` and `num_iid` as bare JSON
 * numbers, and today's ids pass 2^53, where `JSON.parse` silently rounds them to the id of another order. Every
 * integer literal too long to be safe is turned into a string before parsing; strings are skipped over, so text
 * inside buyer messages is never touched. Returns undefined for text that is not JSON.
 */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i += 1;
      continue;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const start = i;
      i += 1;
      while (i < text.length && /[0-9.eE+-]/.test(text[i] ?? '')) i += 1;
      const literal = text.slice(start, i);
      if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(last, start)}"${literal}"`;
        last = i;
      }
      continue;
    }
    i += 1;
  }
  try {
    return JSON.parse(out + text.slice(last));
  } catch {
    return undefined;
  }
}
