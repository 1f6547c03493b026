// Label and field selectors with the parsing and matching rules of apimachinery's labels and fields packages.
import { badRequest } from './status.js';
import { qualifiedNameErrors, labelValueErrors } from './validation.js';

type LabelOperator = 'exists' | '!' | '=' | '==' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

interface LabelRequirement {
  key: string;
  op: LabelOperator;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

export interface LabelSelector {
  readonly empty: boolean;
  matches(labels: Labels): boolean;
  /** `key=value` requirements every match satisfies, for indexing. */
  readonly equalities: ReadonlyArray<readonly [string, string]>;
}

const everything: LabelSelector = { empty: true, matches: () => true, equalities: [] };

type Token = { kind: 'ident' | 'op' | 'eos'; text: string };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
      continue;
    }
    if (c === '!' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '!=' });
      i += 2;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '==' });
      i += 2;
    } else if ('!=<>(),'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i += 1;
    } else {
      let j = i;
      while (j < input.length && !' \t\n\r!=<>(),'.includes(input[j])) j += 1;
      tokens.push({ kind: 'ident', text: input.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: 'eos', text: '' });
  return tokens;
}

function describe(token: Token): string {
  return token.kind === 'eos' ? 'end of string' : token.text;
}

export function parseLabelSelector(input: string | undefined): LabelSelector {
  if (input === undefined || input.trim() === '') return everything;
  const tokens = lex(input);
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const next = (): Token => tokens[pos++];
  const requirements: LabelRequirement[] = [];

  const parseValues = (): string[] => {
    const open = next();
    if (open.text !== '(') throw badRequest(`unable to parse requirement: found '${describe(open)}', expected: '('`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const t = next();
      if (t.kind === 'ident' && expectValue) {
        values.push(t.text);
        expectValue = false;
      } else if (t.text === ',') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (t.text === ')') {
        if (expectValue && values.length > 0) values.push('');
        return values;
      } else {
        throw badRequest(`unable to parse requirement: found '${describe(t)}', expected: ',', ')' or identifier`);
      }
    }
  };

  const parseRequirement = (): LabelRequirement => {
    let op: LabelOperator | undefined;
    if (peek().text === '!') {
      next();
      op = '!';
    }
    const keyToken = next();
    if (keyToken.kind !== 'ident') throw badRequest(`unable to parse requirement: found '${describe(keyToken)}', expected: identifier`);
    const key = keyToken.text;
    const after = peek();
    if (after.kind === 'eos' || after.text === ',') return { key, op: op ?? 'exists', values: [] };
    if (op === '!') throw badRequest(`unable to parse requirement: found '${describe(after)}', expected: ',' or 'end of string'`);
    const opToken = next();
    let values: string[];
    switch (opToken.text) {
      case '=':
      case '==':
      case '!=':
      case '>':
      case '<': {
        op = opToken.text === '>' ? 'gt' : opToken.text === '<' ? 'lt' : (opToken.text as LabelOperator);
        const v = peek();
        if (v.kind === 'ident') {
          next();
          values = [v.text];
        } else if (v.kind === 'eos' || v.text === ',') {
          values = [''];
        } else {
          throw badRequest(`unable to parse requirement: found '${describe(v)}', expected: identifier`);
        }
        break;
      }
      case 'in':
      case 'notin':
        op = opToken.text;
        values = parseValues();
        break;
      default:
        throw badRequest(
          `unable to parse requirement: found '${describe(opToken)}', expected: in, notin, =, ==, !=, gt, lt`,
        );
    }
    return { key, op, values };
  };

  for (;;) {
    const t = peek();
    if (t.kind === 'eos') break;
    if (t.kind !== 'ident' && t.text !== '!') {
      throw badRequest(`unable to parse requirement: found '${describe(t)}', expected: !, identifier, or 'end of string'`);
    }
    requirements.push(validateRequirement(parseRequirement()));
    const sep = next();
    if (sep.kind === 'eos') break;
    if (sep.text !== ',') throw badRequest(`unable to parse requirement: found '${describe(sep)}', expected: ',' or 'end of string'`);
    const following = peek();
    if (following.kind !== 'ident' && following.text !== '!') {
      throw badRequest(`unable to parse requirement: found '${describe(following)}', expected: identifier after ','`);
    }
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return compile(requirements);
}

function validateRequirement(req: LabelRequirement): LabelRequirement {
  const keyErrors = qualifiedNameErrors(req.key);
  if (keyErrors.length) throw badRequest(`unable to parse requirement: key: Invalid value: ${JSON.stringify(req.key)}: ${keyErrors.join('; ')}`);
  if ((req.op === 'in' || req.op === 'notin') && req.values.length === 0) {
    throw badRequest(`unable to parse requirement: values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`);
  }
  if (req.op === 'gt' || req.op === 'lt') {
    if (!/^-?\d+$/.test(req.values[0])) {
      throw badRequest(`unable to parse requirement: values[0]: Invalid value: ${JSON.stringify(req.values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
    }
  }
  if (req.op !== 'gt' && req.op !== 'lt') {
    req.values.forEach((v, i) => {
      const errors = labelValueErrors(v);
      if (errors.length) throw badRequest(`unable to parse requirement: values[${i}][${req.key}]: Invalid value: ${JSON.stringify(v)}: ${errors.join('; ')}`);
    });
  }
  return req;
}

function compile(requirements: LabelRequirement[]): LabelSelector {
  const tests = requirements.map((r): ((labels: Labels) => boolean) => {
    const { key, values } = r;
    switch (r.op) {
      case 'exists':
        return (l) => l !== undefined && Object.hasOwn(l, key);
      case '!':
        return (l) => l === undefined || !Object.hasOwn(l, key);
      case '=':
      case '==': {
        const v = values[0];
        return (l) => l !== undefined && Object.hasOwn(l, key) && l[key] === v;
      }
      case '!=': {
        const v = values[0];
        return (l) => l === undefined || !Object.hasOwn(l, key) || l[key] !== v;
      }
      case 'in': {
        const set = new Set(values);
        return (l) => l !== undefined && Object.hasOwn(l, key) && set.has(l[key]);
      }
      case 'notin': {
        const set = new Set(values);
        return (l) => l === undefined || !Object.hasOwn(l, key) || !set.has(l[key]);
      }
      case 'gt':
      case 'lt': {
        const bound = Number.parseInt(values[0], 10);
        const gt = r.op === 'gt';
        return (l) => {
          if (l === undefined || !Object.hasOwn(l, key)) return false;
          if (!/^-?\d+$/.test(l[key])) return false;
          const n = Number.parseInt(l[key], 10);
          return gt ? n > bound : n < bound;
        };
      }
    }
  });
  const equalities = requirements
    .filter((r) => r.op === '=' || r.op === '==' || (r.op === 'in' && r.values.length === 1))
    .map((r) => [r.key, r.values[0]] as const);
  return {
    empty: tests.length === 0,
    equalities,
    matches: (labels) => {
      for (const test of tests) if (!test(labels)) return false;
      return true;
    },
  };
}

export interface FieldSelector {
  readonly empty: boolean;
  matches(fields: Record<string, string>): boolean;
  /** The value a match must have for a field, when the selector pins it with `=`. */
  pinned(field: string): string | undefined;
}

const allFields: FieldSelector = { empty: true, matches: () => true, pinned: () => undefined };

function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) {
      current += c + input[i + 1];
      i += 1;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (c === '\\') {
      const n = value[i + 1];
      if (n === undefined || !'\\,=!'.includes(n)) throw badRequest(`invalid field selector: invalid escape sequence: ${value}`);
      out += n;
      i += 1;
    } else if (',=!'.includes(c)) {
      throw badRequest(`invalid field selector: unescaped special character '${c}' in value: ${value}`);
    } else {
      out += c;
    }
  }
  return out;
}

export function parseFieldSelector(input: string | undefined, supported: readonly string[]): FieldSelector {
  if (input === undefined || input.trim() === '') return allFields;
  const terms: Array<{ field: string; equal: boolean; value: string }> = [];
  for (const term of splitUnescaped(input, ',')) {
    if (term === '') continue;
    let match: { field: string; equal: boolean; value: string } | undefined;
    for (const op of ['!=', '==', '=']) {
      const at = term.indexOf(op);
      if (at >= 0) {
        match = { field: term.slice(0, at).trim(), equal: op !== '!=', value: unescapeFieldValue(term.slice(at + op.length)) };
        break;
      }
    }
    if (!match) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    if (!supported.includes(match.field)) throw badRequest(`field label not supported: ${match.field}`);
    terms.push(match);
  }
  if (terms.length === 0) return allFields;
  return {
    empty: false,
    matches: (fields) => terms.every((t) => (fields[t.field] === t.value) === t.equal),
    pinned: (field) => terms.find((t) => t.field === field && t.equal)?.value,
  };
}
