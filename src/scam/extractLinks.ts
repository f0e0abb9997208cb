/**
 * Finds every link in a message the way a citizen pastes it: full URLs, bare domains, "www." links, links defanged
 * by a careful sender ("dichvucong[.]gov[.]vn", "hxxps://"), or spaced out by hand ("dichvucong . gov . vn"),
 * with punctuation around them. Also notes `.apk` file names mentioned on their own ("tải file vn84.apk").
 */
import { isIpv4, normalizeHost, topLevelDomain } from './domainNames';

export interface ExtractedLink {
  /** The link as the citizen would type it again, de-obfuscated; the scheme is kept only when it was written. */
  url: string;
  /** Normalised host name (lower case, punycode decoded). */
  host: string;
  /** Path and query, "" when none. */
  path: string;
}

export interface ExtractedLinks {
  links: ExtractedLink[];
  /** `.apk` file names written without a link ("vn84.apk"). */
  apkFiles: string[];
  /** The message with each link replaced by the word "link", for content matching. */
  textWithoutLinks: string;
}

/** Top-level domains recognised in bare domains (no scheme). Rules may add more through `suspicious_tlds`. */
const KNOWN_TLDS = new Set(
  (
    'vn com net org info biz gov edu int xyz top vip club online site shop store app link live icu buzz click fun space ' +
    'website tech asia mobi pro life world today news work email support help services finance money bank one cloud cyou ' +
    'sbs cfd bond lol win bid loan men date stream download review trade party host press rest monster quest best ink ' +
    'kim mom uno lat zone tokyo cn ru us uk in id th kh sg jp kr my ph tw hk au de fr io cc tv ws ly gl gd su pw tk ml ga cf ' +
    'gq eu ca nl ch se it es br sh st vc ai me to la co so ma mo'
  ).split(' '),
);

/**
 * Top-level domains that are also everyday unaccented Vietnamese words ("la", "me", "to", "co"…): "Con chao me.Me khoe"
 * is not a link. Without a scheme, "www." or a path they are not taken as links.
 */
const WORD_LIKE_TLDS = new Set([
  'la', 'me', 'to', 'co', 'so', 'ai', 'ma', 'mo', 'ca', 'vc', 'st', 'sh', 'de', 'in', 'my', 'id', 'it', 'es', 'se',
  'men', 'date', 'one', 'best', 'fun', 'win',
]);

const DEFANGED_DOT = /\s*(?:\[\s*\.\s*\]|\(\s*\.\s*\)|\{\s*\.\s*\}|\[\s*dot\s*\]|\(\s*dot\s*\))\s*/giu;
const DEFANGED_SCHEME = /\bhxxp(s?)(\[?:\]?)\/\//giu;
/** Host-like chains whose dots may have spaces around them: "dichvucong . gov . vn". */
const SPACED_CHAIN = /[\p{L}\p{N}-]+(?:\s*\.\s*[\p{L}\p{N}-]+)+/gu;
const ASCII_LABEL = /^[a-z0-9-]+$/i;

/**
 * scheme? host (labels with letters of any script, so homoglyph domains are caught) port? path?
 * The look-behind keeps e-mail addresses (after "@") and the middle of words out.
 */
const LINK = /(?<![\p{L}\p{N}@.\-/])((?:https?):\/\/)?((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)(:\d{1,5})?(\/[^\s<>"“”'‘’]*)?/giu;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"»”’…]+$/u;

/**
 * Someone spacing out a domain puts spaces on both sides of every dot ("dichvucong . gov . vn"); a sentence end
 * ("phê duyệt. Đề nghị") has a space after the dot only, so it is never joined.
 */
function undoSpacedDots(text: string): string {
  return text.replace(SPACED_CHAIN, (chain) => {
    if (!/\s/.test(chain)) return chain;
    const dots = chain.match(/\s*\.\s*/g) ?? [];
    if (!dots.every((dot) => /^\s+\.\s+$/.test(dot))) return chain;
    const labels = chain.split(/\s*\.\s*/);
    const tld = labels[labels.length - 1]!.toLowerCase();
    // Only rejoin when it really reads as a host: ASCII labels ending in a top-level domain that is not an everyday word.
    const looksLikeHost = labels.every((l) => ASCII_LABEL.test(l)) && KNOWN_TLDS.has(tld) && !WORD_LIKE_TLDS.has(tld);
    return looksLikeHost ? labels.join('.') : chain;
  });
}

/** Turns the usual defanging back into a plain link. */
export function deobfuscate(text: string): string {
  return undoSpacedDots(text.normalize('NFC').replace(DEFANGED_SCHEME, 'http$1://').replace(DEFANGED_DOT, '.'));
}

export function extractLinks(text: string, extraTlds: Iterable<string> = []): ExtractedLinks {
  const tlds = new Set([...KNOWN_TLDS, ...extraTlds]);
  const plain = deobfuscate(text);
  const links: ExtractedLink[] = [];
  const apkFiles: string[] = [];
  const seen = new Set<string>();

  const textWithoutLinks = plain.replace(LINK, (whole: string, scheme: string | undefined, rawHost: string, port: string | undefined, rawPath: string | undefined) => {
    const host = normalizeHost(rawHost);
    const tld = topLevelDomain(host);
    const pathPart = (rawPath ?? '').replace(TRAILING_PUNCTUATION, '');
    const trailing = whole.slice((scheme ?? '').length + rawHost.length + (port ?? '').length + pathPart.length);
    if (tld === 'apk' && !scheme) {
      apkFiles.push(host);
      return whole;
    }
    const explicit = Boolean(scheme) || host.startsWith('www.');
    const isLink = isIpv4(host)
      ? explicit || Boolean(port) || pathPart.length > 1
      : explicit || (tlds.has(tld) && (!WORD_LIKE_TLDS.has(tld) || pathPart.length > 1));
    if (!isLink) return whole;
    const url = `${scheme ? scheme.toLowerCase() : ''}${host}${port ?? ''}${pathPart}`;
    if (!seen.has(url)) {
      seen.add(url);
      links.push({ url, host, path: pathPart });
    }
    return ` link ${trailing}`;
  });
  return { links, apkFiles, textWithoutLinks };
}
