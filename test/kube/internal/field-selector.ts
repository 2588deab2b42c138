/**
 * Field selectors (`status.phase=Running,metadata.name!=x`): equality terms over the few
 * fields each resource indexes. An unsupported field is a 400, as on a real apiserver.
 */
import { badRequest } from './status.js';

export interface FieldTerm {
  field: string;
  value: string;
  negate: boolean;
}

export type FieldSelector = FieldTerm[];

/** Splits on an unescaped separator; `\,` and `\=` stand for literal characters. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1]!;
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (text: string): string => text.replace(/\\(.)/g, '$1');

export function parseFieldSelector(
  selector: string | undefined,
  supported: readonly string[],
): FieldSelector {
  if (selector === undefined || selector.trim() === '') return [];
  return splitUnescaped(selector, ',').map((term) => {
    const match = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    const field = match[1]!.trim();
    if (!supported.includes(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, value: unescape(match[3]!.trim()), negate: match[2] === '!=' };
  });
}

export function matchesFields(selector: FieldSelector, fields: Record<string, string>): boolean {
  return selector.every(({ field, value, negate }) => ((fields[field] ?? '') === value) !== negate);
}
