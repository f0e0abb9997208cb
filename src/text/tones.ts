/**
 * Unifies old and new tone placement in the open rimes oa, oe, uy: "hoà"/"hòa", "khoẻ"/"khỏe", "thuỷ"/"thủy".
 * NFC does not do this (they are different code points), so without it "hòa" and "hoà" would never match.
 * We pick the placement on the first vowel (hòa, khỏe, thủy), as most official documents print it.
 * "qu" + y keeps its tone on y ("quý": u belongs to the consonant), and closed rimes (hoàng, toán) are untouched.
 */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;
const OPEN_RIME = /^(.*?)([ou])([aey])$/;
/** A quick filter so the common case (no oa/oe/uy at a syllable end) costs one regex test. */
const CANDIDATE = /[oòóỏõọuùúủũụ][aàáảãạeèéẻẽẹyỳýỷỹỵ](?=\s|$)/;

function canonicalSyllable(syllable: string): string {
  const decomposed = syllable.normalize('NFD');
  const tone = decomposed.match(TONE_MARKS)?.[0];
  if (!tone) return syllable;
  const bare = decomposed.replace(TONE_MARKS, '');
  const m = OPEN_RIME.exec(bare);
  if (!m) return syllable;
  const [, onset = '', first = '', second = ''] = m;
  const pairIsValid = (first === 'o' && (second === 'a' || second === 'e')) || (first === 'u' && second === 'y');
  if (!pairIsValid || (first === 'u' && onset.endsWith('q'))) return syllable;
  return `${onset}${first}${tone}${second}`.normalize('NFC');
}

/** Applies the canonical tone placement to every syllable of already lower-cased NFC text. */
export function canonicalizeTones(text: string): string {
  if (!CANDIDATE.test(text)) return text;
  return text
    .split(' ')
    .map((w) => (CANDIDATE.test(w) ? canonicalSyllable(w) : w))
    .join(' ');
}
