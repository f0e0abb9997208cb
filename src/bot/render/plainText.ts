/**
 * Replies as plain text: what a citizen sees in the CLI, in SMS-like channels, and wherever cards cannot be drawn.
 * Framework-free (no botbuilder), so the CLI and tests use it directly. Only fields an entry has are shown; the
 * renderer never adds a fee, a deadline or a number of its own.
 */
import type { Entry, Settings } from '../../knowledge/schema';
import type { MatchResult } from '../../matching/types';
import { clarifyText, entryLabels as L, fallbackText, hotlineLine, reviewedLine } from '../messages';

const bullet = (s: string): string => `• ${s}`;

/** A titled block of lines, or nothing when there are no lines. */
function section(heading: string, lines: readonly string[] | undefined): string[] {
  return lines && lines.length > 0 ? [`${heading}:`, ...lines] : [];
}

function labelled(label: string, value: string | undefined): string[] {
  return value ? [`${label}: ${value}`] : [];
}

/** Paragraphs separated by a blank line; empty paragraphs vanish. */
function paragraphs(...parts: string[][]): string {
  return parts
    .filter((p) => p.length > 0)
    .map((p) => p.join('\n'))
    .join('\n\n');
}

function sourceLines(entry: Entry): string[] {
  const { title, legal_basis: basis, url } = entry.source;
  const cited = `${L.source}: ${title}${basis ? ` (${basis})` : ''}${url ? ` — ${url}` : ''}`;
  return [cited, reviewedLine(entry.reviewed)];
}

/** An entry as the citizen reads it: title, short answer, then the details in the order they are needed. */
export function renderEntry(entry: Entry): string {
  const isFraud = Boolean(entry.scenario || entry.signs?.length || entry.report?.length);
  return paragraphs(
    [entry.title],
    [entry.answer],
    section(L.scenario, entry.scenario ? [entry.scenario] : undefined),
    section(L.signs, entry.signs?.map(bullet)),
    section(isFraud ? L.urgentSteps : L.steps, entry.steps?.map((s, i) => `${i + 1}. ${s}`)),
    section(L.documents, entry.documents?.map(bullet)),
    [...labelled(L.fee, entry.fee), ...labelled(L.processingTime, entry.processing_time), ...labelled(L.where, entry.where)],
    section(L.report, entry.report?.map(bullet)),
    [...labelled(L.rule, entry.rule), ...labelled(L.note, entry.note)],
    sourceLines(entry),
  );
}

/** "Có phải bạn muốn hỏi:" with numbered choices and a last "none of these" choice. */
export function renderClarify(choices: readonly Entry[]): string {
  const numbered = choices.map((e, i) => `${i + 1}. ${e.title}`);
  numbered.push(`${choices.length + 1}. ${clarifyText.none}`);
  return paragraphs([clarifyText.intro, ...numbered], [clarifyText.howToReply]);
}

/** Nothing fits: offer to forward the question to the commune police, and say how to reach them meanwhile. */
export function renderFallback(settings: Settings): string {
  const when = settings.escalation?.typical_response;
  const offer = `${fallbackText.offer}${when ? ` (${when})` : ''}.`;
  const hotlines = settings.hotlines.length > 0 ? [fallbackText.call, ...settings.hotlines.map(hotlineLine)] : [];
  return paragraphs(
    [fallbackText.sorry, offer],
    [fallbackText.meanwhile, bullet(fallbackText.visit)],
    hotlines,
    [fallbackText.rephrase],
    [fallbackText.privacy],
  );
}

/** The reply to one matched question. */
export function renderReply(result: MatchResult, settings: Settings): string {
  if (result.outcome === 'answer' && result.entry) return renderEntry(result.entry);
  if (result.outcome === 'clarify') return renderClarify(result.candidates.map((c) => c.entry));
  return renderFallback(settings);
}
