import { answerCard } from '../../../src/bot/render/card';
import { entryLabels } from '../../../src/bot/messages';
import type { Entry } from '../../../src/knowledge/schema';
import { ENTRIES } from '../../fakes/knowledgeBase';

type Card = { body: Array<{ text?: string }>; actions?: unknown[]; fallbackText: string; version: string };

function render(entry: Entry): Card {
  return answerCard(entry, { fallbackText: 'văn bản' }).content as Card;
}

const texts = (card: Card) => card.body.map((b) => b.text ?? '');

describe('answer card', () => {
  const password = ENTRIES.find((e) => e.id === 'vneid.quen-mat-khau')!;

  it('shows only the parts an entry has, never an empty "Lệ phí"', () => {
    const card = render({ ...password, fee: undefined, documents: undefined });
    expect(texts(card).some((t) => t.includes(entryLabels.fee))).toBe(false);
    expect(texts(card).some((t) => t.includes(entryLabels.documents))).toBe(false);
    expect(texts(card)).toContain(entryLabels.steps);
  });

  it('numbers the steps in order', () => {
    const steps = texts(render(password)).filter((t) => /^\*\*\d+\.\*\*/.test(t));
    expect(steps.map((s) => s.slice(0, 6))).toEqual(['**1.**', '**2.**', '**3.**']);
  });

  it('titles the steps of a scam entry as what to do now', () => {
    const scam = { ...ENTRIES.find((e) => e.id === 'lua-dao.otp')!, steps: ['Cúp máy.', 'Gọi ngân hàng.'] };
    expect(texts(render(scam))).toContain(entryLabels.urgentSteps);
    expect(texts(render(scam))).toContain(entryLabels.signs);
  });

  it('links the source, or names it without a link when it has no URL', () => {
    expect(render(password).actions).toHaveLength(1);
    const noUrl = render(ENTRIES.find((e) => e.id === 'cu-tru.tam-tru')!);
    expect(noUrl.actions).toBeUndefined();
    expect(texts(noUrl).join('\n')).toContain('Nguồn: Luật Cư trú 2020');
  });

  it('carries the plain-text fallback for clients that cannot draw cards', () => {
    expect(render(password).fallbackText).toBe('văn bản');
    expect(render(password).version).toBe('1.3');
  });
});
