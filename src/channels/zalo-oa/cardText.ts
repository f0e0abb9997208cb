/**
 * Cards as text, for channels that draw none. A card that carries its own plain-text rendering (`fallbackText`, which
 * the bot fills with the same facts as the card) is sent as that; otherwise the card's text is read out in order:
 * headings, paragraphs, facts, and the links of its buttons, with Markdown emphasis removed (Zalo shows it literally).
 */
import type { Attachment } from 'botbuilder';

type Node = Record<string, unknown>;

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const HERO_LIKE = new Set([
  'application/vnd.microsoft.card.hero',
  'application/vnd.microsoft.card.thumbnail',
  'application/vnd.microsoft.card.signin',
  'application/vnd.microsoft.card.oauth',
]);

/** What the card says, or undefined for attachments that are not cards (pictures, files). */
export function cardToText(attachment: Attachment): string | undefined {
  const content = attachment.content as Node | undefined;
  if (!content || typeof content !== 'object') return undefined;
  if (attachment.contentType === ADAPTIVE) {
    const fallback = str(content.fallbackText);
    if (fallback) return fallback;
    const lines: string[] = [];
    walkElements(asArray(content.body), lines);
    lines.push(...actionLines(asArray(content.actions)));
    return joinParagraphs(lines);
  }
  if (HERO_LIKE.has(attachment.contentType)) {
    const lines = [str(content.title), str(content.subtitle), str(content.text)].filter((l): l is string => Boolean(l));
    lines.push(...actionLines(asArray(content.buttons)));
    return joinParagraphs(lines.map(plainMarkdown));
  }
  return undefined;
}

/** Markdown of Adaptive Card TextBlocks → what a person would write: bold markers dropped, links as "title (url)". */
export function plainMarkdown(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, (_m, title: string, url: string) => (title === url ? url : `${title} (${url})`))
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)_(\S.*?\S|\S)_(?=\s|$)/g, '$1$2');
}

function walkElements(elements: Node[], lines: string[]): void {
  for (const el of elements) {
    switch (el.type) {
      case 'TextBlock':
      case 'RichTextBlock': {
        const text = el.type === 'TextBlock' ? str(el.text) : asArray(el.inlines).map((i) => str(i.text) ?? '').join('');
        if (text) lines.push((el.separator === true || el.weight === 'Bolder') && lines.length > 0 ? `\n${plainMarkdown(text)}` : plainMarkdown(text));
        break;
      }
      case 'FactSet':
        for (const fact of asArray(el.facts)) lines.push(`${plainMarkdown(str(fact.title) ?? '')}: ${plainMarkdown(str(fact.value) ?? '')}`);
        break;
      case 'Container':
        walkElements(asArray(el.items), lines);
        break;
      case 'ColumnSet':
        for (const column of asArray(el.columns)) walkElements(asArray(column.items), lines);
        break;
      case 'ActionSet':
        lines.push(...actionLines(asArray(el.actions)));
        break;
      default:
        break;
    }
  }
}

/** Only links survive as text; other buttons become choices elsewhere or mean nothing without a card. */
function actionLines(actions: Node[]): string[] {
  const out: string[] = [];
  for (const action of actions) {
    const url = str(action.url) ?? (action.type === 'openUrl' ? str(action.value) : undefined);
    if (url && /^https?:/i.test(url)) out.push(`${str(action.title) ?? url}: ${url}`);
  }
  return out;
}

function joinParagraphs(lines: string[]): string | undefined {
  const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return text || undefined;
}

function asArray(value: unknown): Node[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === 'object') as Node[]) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
