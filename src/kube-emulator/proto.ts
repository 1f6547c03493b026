// Decoding of the Kubernetes protobuf wire format for the request bodies kubectl sends
// (`Content-Type: application/vnd.kubernetes.protobuf`): Secret, Namespace and DeleteOptions.
// Responses are always JSON, which kubectl accepts (it asks for protobuf or JSON).
import { badRequest } from './status.js';

type Field = { no: number; wire: number; value: bigint | Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw badRequest('proto: unexpected end of data');
    const b = buf[pos++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      out.push({ no, wire, value: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      const end = p2 + Number(len);
      if (end > buf.length) throw badRequest('proto: unexpected end of data');
      out.push({ no, wire, value: buf.subarray(p2, end) });
      pos = end;
    } else if (wire === 1) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 8) });
      pos += 8;
    } else if (wire === 5) {
      out.push({ no, wire, value: buf.subarray(pos, pos + 4) });
      pos += 4;
    } else {
      throw badRequest(`proto: illegal wireType ${wire}`);
    }
  }
  return out;
}

const str = (f: Field): string => (f.value as Buffer).toString('utf8');
const bytes = (f: Field): Buffer => f.value as Buffer;
const num = (f: Field): number => Number(f.value as bigint);

function mapEntry(buf: Buffer): [string, Buffer] {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const f of fields(buf)) {
    if (f.no === 1) key = str(f);
    else if (f.no === 2) value = bytes(f);
  }
  return [key, value];
}

function time(buf: Buffer): string {
  let seconds = 0;
  for (const f of fields(buf)) if (f.no === 1) seconds = num(f);
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}

function ownerReference(buf: Buffer): Record<string, unknown> {
  const ref: Record<string, unknown> = {};
  for (const f of fields(buf)) {
    if (f.no === 5) ref.apiVersion = str(f);
    else if (f.no === 1) ref.kind = str(f);
    else if (f.no === 3) ref.name = str(f);
    else if (f.no === 4) ref.uid = str(f);
    else if (f.no === 6) ref.controller = num(f) !== 0;
    else if (f.no === 7) ref.blockOwnerDeletion = num(f) !== 0;
  }
  return ref;
}

function objectMeta(buf: Buffer): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  const finalizers: string[] = [];
  const owners: unknown[] = [];
  const names: Record<number, string> = { 1: 'name', 2: 'generateName', 3: 'namespace', 5: 'uid', 6: 'resourceVersion' };
  for (const f of fields(buf)) {
    if (names[f.no]) {
      const v = str(f);
      if (v) meta[names[f.no]] = v;
    } else if (f.no === 8) {
      if (bytes(f).length) meta.creationTimestamp = time(bytes(f));
    } else if (f.no === 11) {
      const [k, v] = mapEntry(bytes(f));
      labels[k] = v.toString('utf8');
    } else if (f.no === 12) {
      const [k, v] = mapEntry(bytes(f));
      annotations[k] = v.toString('utf8');
    } else if (f.no === 13) owners.push(ownerReference(bytes(f)));
    else if (f.no === 14) finalizers.push(str(f));
  }
  if (Object.keys(labels).length) meta.labels = labels;
  if (Object.keys(annotations).length) meta.annotations = annotations;
  if (owners.length) meta.ownerReferences = owners;
  if (finalizers.length) meta.finalizers = finalizers;
  return meta;
}

function secret(buf: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const data: Record<string, string> = {};
  const stringData: Record<string, string> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) out.metadata = objectMeta(bytes(f));
    else if (f.no === 2) {
      const [k, v] = mapEntry(bytes(f));
      data[k] = v.toString('base64');
    } else if (f.no === 3) out.type = str(f);
    else if (f.no === 4) {
      const [k, v] = mapEntry(bytes(f));
      stringData[k] = v.toString('utf8');
    } else if (f.no === 5) out.immutable = num(f) !== 0;
  }
  if (Object.keys(data).length) out.data = data;
  if (Object.keys(stringData).length) out.stringData = stringData;
  return out;
}

function namespace(buf: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) out.metadata = objectMeta(bytes(f));
    else if (f.no === 2) {
      const finalizers = fields(bytes(f)).filter((g) => g.no === 1).map(str);
      out.spec = finalizers.length ? { finalizers } : {};
    }
  }
  return out;
}

function deleteOptions(buf: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields(buf)) {
    if (f.no === 1) out.gracePeriodSeconds = num(f);
    else if (f.no === 2) {
      const pre: Record<string, string> = {};
      for (const g of fields(bytes(f))) {
        if (g.no === 1) pre.uid = str(g);
        else if (g.no === 2) pre.resourceVersion = str(g);
      }
      out.preconditions = pre;
    } else if (f.no === 4) out.propagationPolicy = str(f);
    else if (f.no === 5) out.dryRun = [...((out.dryRun as string[] | undefined) ?? []), str(f)];
  }
  return out;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decodes a `k8s\0`-prefixed runtime.Unknown envelope into the JSON shape of its object. */
export function decodeProtobuf(body: Buffer, expectedKind: string): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of fields(body.subarray(4))) {
    if (f.no === 1) {
      for (const g of fields(bytes(f))) {
        if (g.no === 1) apiVersion = str(g);
        else if (g.no === 2) kind = str(g);
      }
    } else if (f.no === 2) raw = bytes(f);
  }
  const decode = kind === 'Secret' ? secret : kind === 'Namespace' ? namespace : kind === 'DeleteOptions' ? deleteOptions : undefined;
  if (!decode || (kind !== expectedKind && kind !== 'DeleteOptions')) {
    throw badRequest(`the kind in the data (${kind}) does not match the expected kind (${expectedKind})`);
  }
  return { apiVersion: apiVersion || 'v1', kind, ...decode(raw) };
}
