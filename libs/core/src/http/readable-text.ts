import type { FieldProblem } from '../errors/domain-errors';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. PostgreSQL cannot
 * store U+0000 in text at all; the others have no place in a name, a code or a comment, and would
 * travel on into CSV exports, emails and webhooks.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Half of a UTF-16 surrogate pair without its other half: not a character, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Beyond this many, more problems of the same kind tell a client nothing new. */
const MAX_PROBLEMS = 20;

const codePoint = (character: string) => `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` cannot be taken as text, or null when it can. */
export function unreadableText(text: string): string | null {
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    return `contains the control character ${codePoint(control[0])}${text.includes('\n') ? ` on line ${line}` : ''}`;
  }
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text (a lone UTF-16 surrogate)';
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
/** A key as it can be shown in a field name: its control characters and lone surrogates written as \uXXXX. */
const printable = (key: string) => key.replace(new RegExp(`${CONTROL_CHARACTER.source}|${LONE_SURROGATE.source}`, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Every string in a parsed request part (a JSON body, the query string, a CSV upload) that is not
 * readable text, named by its path as the validation pipe names fields (`displayName`,
 * `answers.comments`, `items.0.name`); `root` names a part that is a string itself.
 */
export function unreadableFields(value: unknown, root: string, path = '', found: FieldProblem[] = []): FieldProblem[] {
  if (found.length >= MAX_PROBLEMS) return found;
  if (typeof value === 'string') {
    const problem = unreadableText(value);
    if (problem) found.push({ field: path || root, problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unreadableFields(item, root, join(path, String(index)), found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const problem = unreadableText(key);
      if (problem) found.push({ field: join(path, printable(key)), problem: `has a name that ${problem}` });
      else unreadableFields(item, root, join(path, key), found);
    }
  }
  return found;
}
