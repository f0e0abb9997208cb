/**
 * An answer as an Adaptive Card: title, the short answer, numbered steps, documents to bring, fee, processing time,
 * where to apply, what to remember, and the source with its review date. Only fields the entry has are shown; the
 * card never adds a fee, a deadline or a number of its own.
 *
 * Each item is its own TextBlock (not one Markdown list) so long Vietnamese lines wrap cleanly on a phone, and
 * labels are bold text rather than a FactSet, whose title column squeezes values on narrow screens.
 */
import { CardFactory, type Attachment } from 'botbuilder';
import type { Entry } from '../../knowledge/schema';
import { entryLabels as L, reviewedLine } from '../messages';

type Element = Record<string, unknown>;

/** Adaptive Cards 1.3: rendered by Web Chat, Teams and the Emulator alike. */
const CARD_VERSION = '1.3';

export interface CardOptions {
  /** Text shown by clients that cannot draw cards, and read by screen readers as a summary. */
  fallbackText: string;
}

export function answerCard(entry: Entry, options: CardOptions): Attachment {
  const body: Element[] = [
    { type: 'TextBlock', text: entry.title, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' },
    { type: 'TextBlock', text: entry.answer, wrap: true, spacing: 'Small' },
  ];

  if (entry.scenario) body.push(...section(L.scenario, [entry.scenario]));
  if (entry.signs?.length) body.push(...section(L.signs, entry.signs.map(bullet)));
  // For a fraud entry the steps are what to do right now, not a procedure (same heading as the plain text).
  const isFraud = Boolean(entry.scenario || entry.signs?.length || entry.report?.length);
  if (entry.steps?.length) body.push(...section(isFraud ? L.urgentSteps : L.steps, entry.steps.map((s, i) => `**${i + 1}.** ${s}`)));
  if (entry.documents?.length) body.push(...section(L.documents, entry.documents.map(bullet)));
  if (entry.fee) body.push(...labelled(L.fee, entry.fee));
  if (entry.processing_time) body.push(...labelled(L.processingTime, entry.processing_time));
  if (entry.where) body.push(...labelled(L.where, entry.where));
  if (entry.report?.length) body.push(...section(L.report, entry.report.map(bullet)));
  if (entry.rule) body.push(...labelled(L.rule, entry.rule));
  if (entry.note) body.push(...labelled(L.note, entry.note));
  body.push(sourceBlock(entry));

  const actions: Element[] = entry.source.url
    ? [{ type: 'Action.OpenUrl', title: L.openSource, url: entry.source.url }]
    : [];

  return CardFactory.adaptiveCard({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    lang: 'vi',
    fallbackText: options.fallbackText,
    speak: `${entry.title}. ${entry.answer}`,
    body,
    ...(actions.length ? { actions } : {}),
  });
}

function section(heading: string, lines: string[]): Element[] {
  return [
    { type: 'TextBlock', text: heading, weight: 'Bolder', wrap: true, spacing: 'Medium', separator: true },
    ...lines.map((text) => ({ type: 'TextBlock', text, wrap: true, spacing: 'Small' })),
  ];
}

function labelled(label: string, value: string): Element[] {
  return [{ type: 'TextBlock', text: `**${label}:** ${value}`, wrap: true, spacing: 'Medium' }];
}

function bullet(text: string): string {
  return `• ${text}`;
}

function sourceBlock(entry: Entry): Element {
  const title = entry.source.url ? `[${escapeLinkText(entry.source.title)}](${entry.source.url})` : entry.source.title;
  const basis = entry.source.legal_basis ? ` — ${entry.source.legal_basis}` : '';
  return {
    type: 'TextBlock',
    text: `${L.source}: ${title}${basis}. ${reviewedLine(entry.reviewed)}`,
    wrap: true,
    isSubtle: true,
    size: 'Small',
    spacing: 'Medium',
    separator: true,
  };
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/g, '');
}
