import type { ConversationReference, TurnContext } from 'botbuilder';
import { CloudAdapterSender, type ContinueConversation, type ProactiveSender, ReplyDelivery } from '../../src/escalation/replyDelivery';
import { SqlTicketRepository } from '../../src/escalation/ticketRepository';
import { type AppDatabase, openDatabase } from '../../src/storage/openDatabase';

let db: AppDatabase;
let tickets: SqlTicketRepository;
let clock: number;

const ref = (channelId = 'webchat'): string =>
  JSON.stringify({
    channelId,
    serviceUrl: 'http://127.0.0.1:4000',
    conversation: { id: 'conv-9' },
    user: { id: 'citizen-9', role: 'user' },
    bot: { id: 'bot', role: 'bot' },
  });

async function replyOn(channel = 'webchat'): Promise<{ ticketId: number; messageId: number; code: string }> {
  const { ticket } = await tickets.create({
    kind: 'question',
    communeId: 'xa-dinh-hoa',
    channel,
    conversationRef: ref(channel),
    subject: 'Hỏi về tạm trú',
    phone: null,
    transcript: [],
  });
  const { message } = await tickets.addStaffReply(ticket.id, 4, 'Bạn mang căn cước tới Công an xã nhé.');
  return { ticketId: ticket.id, messageId: message.id, code: ticket.code };
}

class RecordingSender implements ProactiveSender {
  sent: { ref: string; text: string; suggestions?: string[] }[] = [];
  failWith: Error | undefined;
  async send(conversationRef: string, text: string, options?: { suggestions?: string[] }): Promise<void> {
    if (this.failWith) throw this.failWith;
    // Yield, as a real HTTP send would, so concurrent deliveries really overlap.
    await new Promise((r) => setTimeout(r, 5));
    this.sent.push({ ref: conversationRef, text, ...(options?.suggestions ? { suggestions: options.suggestions } : {}) });
  }
}

beforeEach(async () => {
  db = await openDatabase('sqlite::memory:');
  clock = Date.UTC(2025, 10, 27, 3);
  tickets = new SqlTicketRepository(db, { provinceCode: 'TH', now: () => clock });
});
afterEach(() => db.close());

function delivery(sender: ProactiveSender, channels = ['webchat', 'directline']): ReplyDelivery {
  return new ReplyDelivery({ tickets, communeName: () => 'Xã Định Hòa', now: () => clock }).register(channels, sender);
}

describe('ReplyDelivery', () => {
  test('delivers the reply into the conversation the citizen came from and records it', async () => {
    const sender = new RecordingSender();
    const { messageId, code, ticketId } = await replyOn();
    expect(await delivery(sender).deliver(messageId)).toEqual({ status: 'delivered' });
    expect(sender.sent).toHaveLength(1);
    expect(JSON.parse(sender.sent[0]!.ref)).toMatchObject({ conversation: { id: 'conv-9' } });
    expect(sender.sent[0]!.text).toBe(`Công an Xã Định Hòa trả lời phản ánh ${code} của bạn:\n\nBạn mang căn cước tới Công an xã nhé.`);
    expect(sender.sent[0]!.suggestions).toEqual([`Bổ sung cho phản ánh ${code}`]);
    expect(await tickets.getMessage(messageId)).toMatchObject({ delivery: 'delivered', deliveryError: null });
    expect((await tickets.get(ticketId))?.deliveryProblem).toBeNull();
  });

  test('a failed send is recorded with its reason and shown on the ticket; a retry that works clears it', async () => {
    const sender = new RecordingSender();
    sender.failWith = Object.assign(new Error('Không có cuộc trò chuyện này.'), { statusCode: 404 });
    const { messageId, ticketId } = await replyOn();
    const service = delivery(sender);
    expect(await service.deliver(messageId)).toEqual({ status: 'failed', error: 'HTTP 404: Không có cuộc trò chuyện này.' });
    expect(await tickets.getMessage(messageId)).toMatchObject({ delivery: 'failed', deliveryError: 'HTTP 404: Không có cuộc trò chuyện này.' });
    expect((await tickets.get(ticketId))?.deliveryProblem).toContain('404');

    sender.failWith = undefined;
    expect(await service.deliver(messageId)).toEqual({ status: 'delivered' });
    expect((await tickets.get(ticketId))?.deliveryProblem).toBeNull();
  });

  test('a channel without a sender fails clearly instead of pretending', async () => {
    const { messageId } = await replyOn('zalo-oa');
    const outcome = await delivery(new RecordingSender()).deliver(messageId);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain('zalo-oa');
  });

  test('two consoles delivering the same reply at once send it once', async () => {
    const sender = new RecordingSender();
    const { messageId } = await replyOn();
    const a = delivery(sender);
    const b = delivery(sender);
    const outcomes = await Promise.all([a.deliver(messageId), b.deliver(messageId), a.deliver(messageId)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['delivered', 'skipped', 'skipped']);
    expect(sender.sent).toHaveLength(1);
    expect(await a.deliver(messageId)).toEqual({ status: 'skipped' });
  });

  test('replies saved but never sent (a restart in between) are sent on the next start; stuck ones after a while', async () => {
    const sender = new RecordingSender();
    const never = await replyOn();
    const stuck = await replyOn();
    // A sender took `stuck` and died before recording the outcome.
    await tickets.startDelivery(stuck.messageId);
    const service = delivery(sender);
    expect(await service.deliverPending()).toBe(1);
    expect(sender.sent.map((s) => s.text)).toEqual([expect.stringContaining(never.code)]);
    clock += 5 * 60_000;
    expect(await service.deliverPending()).toBe(1);
    expect(sender.sent.map((s) => s.text)).toEqual([expect.stringContaining(never.code), expect.stringContaining(stuck.code)]);
  });

  test('internal notes and citizen messages are never sent', async () => {
    const sender = new RecordingSender();
    const { ticketId } = await replyOn();
    const { message: note } = await tickets.addNote(ticketId, 4, 'ghi chú nội bộ');
    const citizen = (await tickets.messages(ticketId)).find((m) => m.author === 'citizen')!;
    expect(await delivery(sender).deliver(note.id)).toEqual({ status: 'skipped' });
    expect(await delivery(sender).deliver(citizen.id)).toEqual({ status: 'skipped' });
    expect(sender.sent).toEqual([]);
  });
});

describe('CloudAdapterSender', () => {
  function fakeAdapter(): ContinueConversation & { calls: { appId: string; reference: Partial<ConversationReference>; sent: unknown[] }[] } {
    const calls: { appId: string; reference: Partial<ConversationReference>; sent: unknown[] }[] = [];
    return {
      calls,
      continueConversationAsync: (async (appId: string, reference: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>) => {
        const sent: unknown[] = [];
        await logic({ sendActivity: async (a: unknown) => sent.push(a) } as unknown as TurnContext);
        calls.push({ appId, reference, sent });
      }) as ContinueConversation['continueConversationAsync'],
    };
  }

  test('continues the stored conversation, through this instance\'s own Direct Line when given', async () => {
    const adapter = fakeAdapter();
    await new CloudAdapterSender(adapter, '', () => 'http://127.0.0.1:5555').send(ref(), 'Xin chào', { suggestions: ['Bổ sung'] });
    expect(adapter.calls[0]).toMatchObject({
      appId: '',
      reference: { conversation: { id: 'conv-9' }, user: { id: 'citizen-9' }, serviceUrl: 'http://127.0.0.1:5555' },
      sent: [{ text: 'Xin chào', suggestedActions: { actions: [{ title: 'Bổ sung', value: 'Bổ sung' }] } }],
    });
  });

  test('keeps the stored service URL for other channels, and refuses a purged reference', async () => {
    const adapter = fakeAdapter();
    await new CloudAdapterSender(adapter, 'app-id').send(ref('emulator'), 'Xin chào');
    expect(adapter.calls[0]?.reference.serviceUrl).toBe('http://127.0.0.1:4000');
    await expect(new CloudAdapterSender(adapter, 'app-id').send('{}', 'Xin chào')).rejects.toThrow('không còn địa chỉ');
  });
});
