// Validation with the messages of k8s.io/apimachinery/pkg/util/validation and pkg/apis/core/validation.
import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
  fieldTooLong,
  badRequest,
} from './status.js';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  let s = `${msg} (`;
  if (examples.length > 0) {
    s += `e.g. '${examples[0]}'`;
    for (const e of examples.slice(1)) s += `,  or '${e}'`;
    s += ', ';
  }
  return `${s}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number): string => `must be no more than ${n} characters`;

const DNS1123_LABEL_MSG = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT,
  'my-name',
  '123-abc',
);
const DNS1123_SUBDOMAIN_MSG = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT,
  'example.com',
);

export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(value)) errs.push(DNS1123_LABEL_MSG);
  return errs;
}

export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(value)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

/** apimachinery's NameIsDNSSubdomain / NameIsDNSLabel: a generateName prefix may end in '-'. */
function nameErrors(isLabel: boolean, name: string, prefix: boolean): string[] {
  const value = prefix && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  return isLabel ? dns1123LabelErrors(value) : dns1123SubdomainErrors(value);
}

export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const msg of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `${regexError(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      )} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) {
    errs.push(
      `name part ${regexError(
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME_FMT,
        'MyName',
        'my.name',
        '123-abc',
      )}`,
    );
  }
  return errs;
}

export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push(maxLenError(253));
  if (!CONFIG_KEY.test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        '[-._a-zA-Z0-9]+',
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  finalizers?: string[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function validateStringMap(value: unknown, field: string): FieldError[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [fieldInvalid(field, value, 'must be a map of strings')];
  return [];
}

export function validateObjectMeta(meta: ObjectMeta, namespaced: boolean, isLabelName: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of nameErrors(isLabelName, meta.generateName, true)) errors.push(fieldInvalid('metadata.generateName', meta.generateName, msg));
  }
  if (!meta.name) {
    errors.push(fieldRequired('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameErrors(isLabelName, meta.name, false)) errors.push(fieldInvalid('metadata.name', meta.name, msg));
  }
  if (namespaced) {
    if (!meta.namespace) errors.push(fieldRequired('metadata.namespace', ''));
    else for (const msg of dns1123LabelErrors(meta.namespace)) errors.push(fieldInvalid('metadata.namespace', meta.namespace, msg));
  } else if (meta.namespace) {
    errors.push(fieldForbidden('metadata.namespace', 'not allowed on this type'));
  }
  errors.push(...validateStringMap(meta.labels, 'metadata.labels'));
  errors.push(...validateStringMap(meta.annotations, 'metadata.annotations'));
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    for (const msg of qualifiedNameErrors(key)) errors.push(fieldInvalid('metadata.labels', key, msg));
    if (typeof value !== 'string') errors.push(fieldInvalid('metadata.labels', value, 'must be a string'));
    else for (const msg of labelValueErrors(value)) errors.push(fieldInvalid('metadata.labels', value, msg));
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    for (const msg of qualifiedNameErrors(key.toLowerCase())) errors.push(fieldInvalid('metadata.annotations', key, msg));
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errors.push({ field: 'metadata.annotations', type: 'FieldValueTooLong', body: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  }
  (meta.finalizers ?? []).forEach((f, i) => {
    const field = `metadata.finalizers[${i}]`;
    for (const msg of qualifiedNameErrors(f)) errors.push(fieldInvalid(field, f, msg));
    if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f)) {
      errors.push(fieldInvalid(field, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errors;
}

export function validateObjectMetaUpdate(next: ObjectMeta, prev: ObjectMeta): FieldError[] {
  const errors: FieldError[] = [];
  if (next.name !== prev.name) errors.push(fieldInvalid('metadata.name', next.name ?? '', 'field is immutable'));
  if ((next.namespace ?? '') !== (prev.namespace ?? '')) errors.push(fieldInvalid('metadata.namespace', next.namespace ?? '', 'field is immutable'));
  if (next.uid !== prev.uid) errors.push(fieldInvalid('metadata.uid', next.uid ?? '', 'field is immutable'));
  return errors;
}

export const MAX_SECRET_SIZE = 1024 * 1024;

export interface SecretShape {
  metadata: ObjectMeta;
  type?: string;
  immutable?: boolean;
  data?: Record<string, string>;
}

/** Secret data as stored: base64 strings, and the decoded byte lengths. */
export function validateSecret(secret: SecretShape, decodedSizes: Map<string, number>): FieldError[] {
  const errors = validateObjectMeta(secret.metadata, true, false);
  const data = secret.data ?? {};
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    for (const msg of configKeyErrors(key)) errors.push(fieldInvalid(`data[${key}]`, key, msg));
    total += decodedSizes.get(key) ?? 0;
  }
  if (total > MAX_SECRET_SIZE) errors.push(fieldTooLong('data', MAX_SECRET_SIZE));
  const has = (key: string): boolean => Object.hasOwn(data, key);
  switch (secret.type) {
    case 'kubernetes.io/service-account-token': {
      const annotation = 'kubernetes.io/service-account.name';
      if (!secret.metadata.annotations?.[annotation]) errors.push(fieldRequired(`metadata.annotations[${annotation}]`, ''));
      break;
    }
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errors.push(fieldRequired('data[.dockercfg]', ''));
      else {
        const problem = goJsonError(Buffer.from(data['.dockercfg'], 'base64').toString('utf8'));
        if (problem) errors.push(fieldInvalid('data[.dockercfg]', '<secret contents redacted>', problem));
      }
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errors.push(fieldRequired('data[.dockerconfigjson]', ''));
      else {
        const problem = goJsonError(Buffer.from(data['.dockerconfigjson'], 'base64').toString('utf8'));
        if (problem) errors.push(fieldInvalid('data[.dockerconfigjson]', '<secret contents redacted>', problem));
      }
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errors.push(fieldRequired('data[username]', ''), fieldRequired('data[password]', ''));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!has('ssh-privatekey')) errors.push(fieldRequired('data[ssh-privatekey]', ''));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.key')) errors.push(fieldRequired('data[tls.key]', ''));
      if (!has('tls.crt')) errors.push(fieldRequired('data[tls.crt]', ''));
      break;
    default:
      break;
  }
  return errors;
}

export function validateSecretUpdate(next: SecretShape, prev: SecretShape, decodedSizes: Map<string, number>): FieldError[] {
  const errors = [...validateObjectMetaUpdate(next.metadata, prev.metadata), ...validateSecret(next, decodedSizes)];
  if (next.type !== prev.type) errors.push(fieldInvalid('type', next.type ?? '', 'field is immutable'));
  if (prev.immutable) {
    if (!next.immutable) errors.push(fieldForbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!sameStringMap(next.data, prev.data)) errors.push(fieldForbidden('data', 'field is immutable when `immutable` is set'));
  }
  return errors;
}

function sameStringMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  for (const k of ka) if ((a ?? {})[k] !== (b ?? {})[k]) return false;
  return true;
}

export interface NamespaceShape {
  metadata: ObjectMeta;
  spec?: { finalizers?: string[] };
}

export function validateNamespace(ns: NamespaceShape): FieldError[] {
  const errors = validateObjectMeta(ns.metadata, false, true);
  (ns.spec?.finalizers ?? []).forEach((f, i) => {
    for (const msg of qualifiedNameErrors(f)) errors.push(fieldInvalid(`spec.finalizers[${i}]`, f, msg));
    if (!f.includes('/') && f !== 'kubernetes') {
      errors.push(fieldInvalid(`spec.finalizers[${i}]`, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errors;
}

const B64 = new Int16Array(256).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) B64[c.charCodeAt(0)] = i;

/**
 * Decodes base64 exactly as Go's base64.StdEncoding (used when a []byte field is unmarshalled):
 * padding required, '\r' and '\n' ignored. Returns the decoded bytes or the byte offset of the error.
 */
export function decodeGoBase64(src: string): Buffer | { errorAt: number } {
  const out: number[] = [];
  let si = 0;
  const n = src.length;
  while (si < n) {
    const quantum = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    for (; j < 4; j += 1) {
      if (si === n) {
        if (j === 0) return Buffer.from(out);
        return { errorAt: si - j };
      }
      const ch = src.charCodeAt(si);
      si += 1;
      const v = ch < 256 ? B64[ch] : -1;
      if (v >= 0) {
        quantum[j] = v;
        continue;
      }
      if (ch === 10 || ch === 13) {
        j -= 1;
        continue;
      }
      if (ch !== 61) return { errorAt: si - 1 };
      if (j === 0 || j === 1) return { errorAt: si - 1 };
      if (j === 2) {
        while (si < n && (src.charCodeAt(si) === 10 || src.charCodeAt(si) === 13)) si += 1;
        if (si === n) return { errorAt: n };
        if (src.charCodeAt(si) !== 61) return { errorAt: si - 1 };
        si += 1;
      }
      while (si < n && (src.charCodeAt(si) === 10 || src.charCodeAt(si) === 13)) si += 1;
      if (si < n) return { errorAt: si };
      dlen = j;
      break;
    }
    const val = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k += 1) out.push(bytes[k]);
    if (dlen < 4) return Buffer.from(out);
  }
  return Buffer.from(out);
}

/** Fast path for well-formed input: canonical padded base64 without newlines. */
const CANONICAL_B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The decoded size of a base64 value, or a 400 Status like the apiserver's. */
export function decodedSize(kind: string, value: unknown): number {
  if (typeof value !== 'string') {
    throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${value === null ? 'null' : typeof value} into Go struct field ${kind}.data of type []uint8`);
  }
  if (CANONICAL_B64.test(value)) {
    const pad = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    return (value.length / 4) * 3 - pad;
  }
  const decoded = decodeGoBase64(value);
  if (!Buffer.isBuffer(decoded)) {
    throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: illegal base64 data at input byte ${decoded.errorAt}`);
  }
  return decoded.length;
}

/** Canonical base64 for a value Go would accept (Go re-encodes without the ignored newlines). */
export function canonicalBase64(value: string): string {
  if (CANONICAL_B64.test(value)) return value;
  const decoded = decodeGoBase64(value);
  return Buffer.isBuffer(decoded) ? decoded.toString('base64') : value;
}

/** The error Go's encoding/json gives for invalid JSON, or undefined when the text is valid JSON. */
export function goJsonError(text: string): string | undefined {
  let i = 0;
  const s = text;
  const ws = (): void => {
    while (i < s.length && ' \t\n\r'.includes(s[i])) i += 1;
  };
  const quoteChar = (c: string): string => (c === "'" ? "'\\''" : c === '"' ? `'"'` : `'${c}'`);
  class JsonSyntax extends Error {}
  const bad = (context: string): never => {
    if (i >= s.length) throw new JsonSyntax('unexpected end of JSON input');
    throw new JsonSyntax(`invalid character ${quoteChar(s[i])} ${context}`);
  };
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k += 1) {
      if (s[i] !== word[k]) bad(`in literal ${word} (expecting ${quoteChar(word[k])})`);
      i += 1;
    }
  };
  const string = (): void => {
    i += 1;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        i += 1;
        if (i >= s.length) break;
        if (!'"\\/bfnrtu'.includes(s[i])) bad('in string escape code');
        if (s[i] === 'u') {
          for (let k = 0; k < 4; k += 1) {
            i += 1;
            if (i >= s.length) break;
            if (!/[0-9a-fA-F]/.test(s[i])) bad('in \\u hexadecimal character escape');
          }
        }
        i += 1;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) bad('in string literal');
      i += 1;
    }
    throw new JsonSyntax('unexpected end of JSON input');
  };
  const number = (): void => {
    if (s[i] === '-') i += 1;
    if (s[i] === '0') i += 1;
    else if (/[1-9]/.test(s[i] ?? '')) while (/[0-9]/.test(s[i] ?? '')) i += 1;
    else bad('in numeric literal');
    if (s[i] === '.') {
      i += 1;
      if (!/[0-9]/.test(s[i] ?? '')) bad('after decimal point in numeric literal');
      while (/[0-9]/.test(s[i] ?? '')) i += 1;
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i += 1;
      if (s[i] === '+' || s[i] === '-') i += 1;
      if (!/[0-9]/.test(s[i] ?? '')) bad('in exponent of numeric literal');
      while (/[0-9]/.test(s[i] ?? '')) i += 1;
    }
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      i += 1;
      ws();
      if (s[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') bad('looking for beginning of object key string');
        string();
        ws();
        if (s[i] !== ':') bad('after object key');
        i += 1;
        value();
        ws();
        if (s[i] === ',') {
          i += 1;
          continue;
        }
        if (s[i] === '}') {
          i += 1;
          return;
        }
        bad('after object key:value pair');
      }
    } else if (c === '[') {
      i += 1;
      ws();
      if (s[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value();
        ws();
        if (s[i] === ',') {
          i += 1;
          continue;
        }
        if (s[i] === ']') {
          i += 1;
          return;
        }
        bad('after array element');
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else bad('looking for beginning of value');
  };
  try {
    value();
    ws();
    if (i < s.length) bad('after top-level value');
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntax) return err.message;
    throw err;
  }
}
