import { MessageFactory } from 'botbuilder';
import { button } from '../../../src/bot/actions';
import { answerCard } from '../../../src/bot/render/card';
import { renderEntry } from '../../../src/bot/render/plainText';
import { cardToText } from '../../../src/channels/zalo-oa/cardText';
import { toOutgoing } from '../../../src/channels/zalo-oa/outgoing';
import { ENTRIES } from '../../fakes/knowledgeBase';

const entry = ENTRIES[0]!;

describe('activities as Zalo messages', () => {
  test('an answer card is sent as its plain-text rendering, which carries the same facts', () => {
    const text = renderEntry(entry);
    const card = answerCard(entry, { fallbackText: text });
    expect(toOutgoing({ type: 'message', attachments: [card] })?.text).toBe(text);
  });

  test('a card without a text rendering is read out: headings, steps, links, no Markdown markers', () => {
    const card = answerCard(entry, { fallbackText: '' });
    delete (card.content as Record<string, unknown>).fallbackText;
    const text = cardToText(card)!;
    expect(text).toContain(entry.title);
    expect(text).toContain('1. Mở ứng dụng VNeID');
    expect(text).toContain('Lệ phí: Miễn phí.');
    expect(text).toContain('https://example.gov.vn/huong-dan');
    expect(text).not.toContain('**');
    expect(text).not.toMatch(/\]\(/);
  });

  test('the bot\'s messageBack buttons become choices that keep their value', () => {
    const action = { kind: 'menu', menu: 'vneid' } as const;
    const out = toOutgoing({ type: 'message', text: 'Chọn mục', suggestedActions: { actions: [button('VNeID', action)], to: [] } });
    expect(out?.choices).toEqual([{ title: 'VNeID', text: 'VNeID', value: { donghanh: action } }]);
  });

  test('imBack, openUrl and call actions', () => {
    const activity = MessageFactory.suggestedActions(
      [
        { type: 'imBack', title: 'Bổ sung', value: 'Bổ sung cho phản ánh TH-1' },
        { type: 'openUrl', title: 'Cổng DVC', value: 'https://dichvucong.gov.vn' },
        { type: 'call', title: 'Gọi 113', value: 'tel:113' },
      ],
      'Trả lời của cán bộ',
    );
    const out = toOutgoing(activity)!;
    expect(out.choices).toEqual([{ title: 'Bổ sung', text: 'Bổ sung cho phản ánh TH-1' }]);
    expect(out.links).toEqual([{ title: 'Cổng DVC', url: 'https://dichvucong.gov.vn' }]);
    expect(out.phones).toEqual([{ title: 'Gọi 113', phone: '113' }]);
  });

  test.each([['typing'], ['trace'], ['endOfConversation'], ['delay']])('%s activities send nothing', (type) => {
    expect(toOutgoing({ type, text: 'x' })).toBeUndefined();
  });
});
