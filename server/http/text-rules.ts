/**
 * Rules every piece of text a caller sends must obey, whatever route it goes to, and the one
 * cleaning of text on its way into XML. PostgreSQL refuses NUL in text and cannot store a lone
 * UTF-16 surrogate; without these checks both surfaced as 500s from deep inside a query.
 */

/** NUL, or a high surrogate not followed by a low one, or a low surrogate without a high one. */
const forbiddenCharacter = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a character no text column can store (NUL, a lone surrogate). */
export function hasForbiddenCharacter(text: string): boolean {
  return forbiddenCharacter.test(text);
}

/**
 * The dotted path of the first string (key or value) in a parsed JSON value that holds a
 * forbidden character, or undefined. Walks iteratively so a deeply nested body cannot overflow the stack.
 */
export function findForbiddenText(value: unknown, root = 'body'): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  let visited = 0;
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (++visited > 1_000_000) return undefined; // the body limit keeps real bodies far below this
    if (typeof current === 'string') {
      if (hasForbiddenCharacter(current)) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push([item, `${path}.${index}`]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (hasForbiddenCharacter(key)) return path;
        stack.push([item, path === root && root === 'body' ? key : `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE and
 * U+FFFF). Stored text may hold them (a resident typed one); every XML answer drops them so one
 * bad description cannot make a feed unreadable for everyone.
 */
const xmlForbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters XML 1.0 forbids. */
export function stripXmlForbidden(text: string): string {
  return text.replace(xmlForbidden, '');
}
