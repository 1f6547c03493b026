import { randomInt } from 'node:crypto';
import { z } from 'zod';

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

export const MAX_NAME = 255;
export const MAX_DESCRIPTION = 1000;

/** Reorder how text is shown (a name could read differently from what it is): refused anywhere. */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** C0 (TAB, CR, LF included), DEL, C1, and the Unicode line and paragraph separators. */
const NAME_CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Like NAME_CONTROL but a description may hold TAB, LF and CR (several lines). */
const DESCRIPTION_CONTROL = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/u;
/** Characters a name can be seen by; the Braille blank is a symbol that shows nothing. */
const VISIBLE = /(?!\u2800)[\p{L}\p{N}\p{P}\p{S}]/u;

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const MARK = /\p{M}/u;
/** Letters of scripts whose words need ZWJ/ZWNJ (Arabic, Persian, Indic, …); never Latin, Greek or Cyrillic. */
const JOINING_SCRIPT_LETTER = /^(?![\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Common}])[\p{L}\p{M}]$/u;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const EMOJI_BEFORE_JOINER = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
/** Characters whose glyph a variation selector may choose: emoji, CJK ideographs, Mongolian, … */
const VARIANT_BASE = /^(?![\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}])[\p{L}\p{So}]$/u;
const VARIATION_SELECTOR = /^[\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
const TAG = /^[\u{E0020}-\u{E007F}]$/u;

/** The last character of `kept` that is not a combining mark: what a joiner after them joins. */
function baseBefore(kept: string[]): string | undefined {
  for (let i = kept.length - 1; i >= 0; i--) if (!MARK.test(kept[i])) return kept[i];
  return undefined;
}

/**
 * Whether a default-ignorable character changes how its neighbours are shown, so that dropping it
 * would change the name: ZWNJ/ZWJ between letters of scripts that join (Persian "می‌خواهم", Indic
 * conjuncts) and ZWJ between emoji (👩‍💻), variation selectors after an emoji, ideograph or Mongolian
 * letter (and in keycaps 1️⃣), tag characters of a subdivision flag (🏴 + tags). Anywhere else, as in
 * "bulk\u200d000", they show nothing.
 */
function changesRendering(char: string, kept: string[], next: string | undefined): boolean {
  const previous = kept[kept.length - 1];
  if (previous === undefined) return false;
  if (char === '\u200C' || char === '\u200D') {
    if (next === undefined) return false;
    const base = baseBefore(kept);
    const joinsLetters = base !== undefined && JOINING_SCRIPT_LETTER.test(base) && JOINING_SCRIPT_LETTER.test(next);
    return joinsLetters || (char === '\u200D' && EMOJI_BEFORE_JOINER.test(previous) && PICTOGRAPH.test(next));
  }
  if (VARIATION_SELECTOR.test(char)) {
    return PICTOGRAPH.test(previous) || VARIANT_BASE.test(previous) || (/^[0-9#*]$/.test(previous) && next === '\u20E3');
  }
  if (TAG.test(char)) return previous === '\u{1F3F4}' || (TAG.test(previous) && previous !== '\u{E007F}');
  return false;
}

/** Drops the invisible characters (ZWSP, U+FEFF, U+2060, soft hyphen, …) that do not change how the name is shown. */
function withoutInvisible(text: string): string {
  if (!INVISIBLE.test(text)) return text;
  const chars = Array.from(text);
  const kept: string[] = [];
  chars.forEach((char, i) => {
    if (!INVISIBLE.test(char) || changesRendering(char, kept, chars[i + 1])) kept.push(char);
  });
  return kept.join('');
}

/**
 * A display name as stored: NFC, trimmed, without invisible characters that show nothing, so
 * that names which look the same are the same name (the uniqueness checks compare this form).
 * Refuses bidi and other control characters, line breaks, ill-formed text, and names that show
 * nothing. Returns the name, or the problem as a field error message.
 */
export function normaliseDisplayName(input: string, max: number): { name: string } | { problem: string } {
  const tooLong = `must be at most ${max} characters`;
  // Bounds the work on hostile input; a name this long cannot shrink to fit by honest means.
  if (input.length > max * 4) return { problem: tooLong };
  if (LONE_SURROGATE.test(input)) return { problem: 'must be valid Unicode text (it holds a lone surrogate)' };
  if (BIDI_CONTROL.test(input)) return { problem: 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)' };
  const name = withoutInvisible(input.normalize('NFC')).normalize('NFC').trim();
  if (NAME_CONTROL.test(name)) return { problem: 'must not contain control characters or line breaks' };
  if (name === '') return { problem: input.trim() === '' ? 'is required' : 'must contain a visible character' };
  if (!VISIBLE.test(name)) return { problem: 'must contain a visible character' };
  if (name.length > max) return { problem: tooLong };
  return { name };
}

/** The zod schema of every display name (credentials, environments, data sources, clusters, departments, projects). */
export function displayNameSchema(max: number) {
  return z.string({ error: 'is required' }).transform((input, ctx) => {
    const result = normaliseDisplayName(input, max);
    if ('name' in result) return result.name;
    ctx.issues.push({ code: 'custom', message: result.problem, input });
    return z.NEVER;
  });
}

export const nameSchema = displayNameSchema(MAX_NAME);

/** Free text over several lines: TAB, LF and CR are allowed, other controls and bidi controls are not. Blank is none. */
export const descriptionSchema = z
  .string()
  .max(MAX_DESCRIPTION, `must be at most ${MAX_DESCRIPTION} characters`)
  .refine((d) => !LONE_SURROGATE.test(d), 'must be valid Unicode text (it holds a lone surrogate)')
  .refine((d) => !DESCRIPTION_CONTROL.test(d), 'must not contain control characters other than tab and line breaks')
  .refine((d) => !BIDI_CONTROL.test(d), 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)')
  .nullish()
  .transform((d) => (d === undefined || d === null || d.trim() === '' ? null : d));
