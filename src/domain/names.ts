import { randomInt } from 'node:crypto';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** The alphabet Kubernetes uses for generateName suffixes (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5, pick: (n: number) => number = randomInt): string {
  let suffix = '';
  for (let i = 0; i < length; i++) suffix += SUFFIX_ALPHABET[pick(SUFFIX_ALPHABET.length)];
  return suffix;
}

/** A DNS-1123 label (at most 63) derived from a display name plus a random suffix. */
export function kubernetesNameFor(name: string, suffix = randomSuffix()): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63 - suffix.length - 1)
      .replace(/-+$/, '') || 'credential';
  return `${base}-${suffix}`;
}

export function defaultNamespaceFor(projectName: string): string {
  return `runai-${projectName}`;
}
