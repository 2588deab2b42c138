/**
 * Label selectors in the string form of the list and watch `labelSelector` parameter,
 * with the operators of k8s.io/apimachinery/pkg/labels: `=`, `==`, `!=`, `in`, `notin`,
 * existence (`key`), absence (`!key`), and the integer comparisons `>` and `<`.
 * Requirements separated by commas must all hold.
 */
import { badRequest } from './status.js';
import { labelKeyProblem, labelValueProblem } from './meta-validation.js';

export type Operator =
  'equals' | 'notEquals' | 'in' | 'notIn' | 'exists' | 'doesNotExist' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type LabelSelector = Requirement[];

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '>' | '<' }
  | { kind: 'punct'; text: '(' | ')' | ',' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      tokens.push({ kind: 'op', text: two });
      i += 2;
      continue;
    }
    if (ch === '=' || ch === '!' || ch === '>' || ch === '<') {
      tokens.push({ kind: 'op', text: ch });
      i++;
      continue;
    }
    let end = i;
    while (end < input.length && !/[\s(),=!<>]/.test(input[end]!)) end++;
    tokens.push({ kind: 'word', text: input.slice(i, end) });
    i = end;
  }
  return tokens;
}

function fail(selector: string, why: string): never {
  throw badRequest(`unable to parse requirement: ${why} (in selector ${JSON.stringify(selector)})`);
}

/** Parses a selector string; throws a 400 Status for bad syntax like the apiserver. */
export function parseLabelSelector(selector: string | undefined): LabelSelector {
  if (selector === undefined || selector.trim() === '') return [];
  const tokens = tokenize(selector);
  const requirements: Requirement[] = [];
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (): Token | undefined => tokens[pos++];

  const readKey = (): string => {
    const t = next();
    if (t?.kind !== 'word') fail(selector, 'expected a label key');
    const problem = labelKeyProblem(t.text);
    if (problem) fail(selector, `invalid label key "${t.text}": ${problem}`);
    return t.text;
  };
  const readValue = (): string => {
    const t = peek();
    if (t?.kind !== 'word') return '';
    pos++;
    const problem = labelValueProblem(t.text);
    if (problem) fail(selector, `invalid label value "${t.text}": ${problem}`);
    return t.text;
  };
  const readSet = (): string[] => {
    if (next()?.text !== '(') fail(selector, "expected '(' after in/notin");
    const values: string[] = [];
    for (;;) {
      values.push(readValue());
      const t = next();
      if (t?.text === ')') return values;
      if (t?.text !== ',') fail(selector, "expected ',' or ')' in a value set");
    }
  };

  while (pos < tokens.length) {
    let requirement: Requirement;
    if (peek()?.text === '!') {
      pos++;
      requirement = { key: readKey(), operator: 'doesNotExist', values: [] };
    } else {
      const key = readKey();
      const t = peek();
      if (t === undefined || t.text === ',') {
        requirement = { key, operator: 'exists', values: [] };
      } else if (t.kind === 'op') {
        pos++;
        if (t.text === '!') fail(selector, `unexpected '!' after key "${key}"`);
        const operator: Operator =
          t.text === '!=' ? 'notEquals' : t.text === '>' ? 'gt' : t.text === '<' ? 'lt' : 'equals';
        const value = readValue();
        if ((operator === 'gt' || operator === 'lt') && !/^-?\d+$/.test(value)) {
          fail(selector, `for 'gt', 'lt' operators, the value must be an integer`);
        }
        requirement = { key, operator, values: [value] };
      } else if (t.kind === 'word' && (t.text === 'in' || t.text === 'notin')) {
        pos++;
        requirement = { key, operator: t.text === 'in' ? 'in' : 'notIn', values: readSet() };
      } else {
        fail(selector, `found '${t.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    requirements.push(requirement);
    const sep = next();
    if (sep !== undefined && sep.text !== ',') fail(selector, `found '${sep.text}', expected: ','`);
    if (sep !== undefined && pos >= tokens.length) fail(selector, 'trailing comma');
  }
  return requirements;
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const set = labels ?? {};
  return selector.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(set, key);
    const value = set[key];
    switch (operator) {
      case 'equals':
        return has && value === values[0];
      case 'notEquals':
        return !has || value !== values[0];
      case 'in':
        return has && values.includes(value!);
      case 'notIn':
        return !has || !values.includes(value!);
      case 'exists':
        return has;
      case 'doesNotExist':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value!)) return false;
        const n = Number(value);
        const bound = Number(values[0]);
        return operator === 'gt' ? n > bound : n < bound;
      }
    }
  });
}
