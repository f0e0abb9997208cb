/** The verdict as text and buttons, for each kind of outcome, over the shipped knowledge's fraud entries. */
import path from 'node:path';
import { HOW_TO_SPOT_ENTRY, renderScamCheckReply } from '../../dialogs/scamCheckReply';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { loadKnowledge } from '../../src/knowledge/loader';
import { scamChatText as say } from '../../src/scam/chatMessages';
import { ADVICE } from '../../src/scam/messages';
import type { ScamVerdict } from '../../src/scam/types';

let kb: KnowledgeBase;
beforeAll(async () => {
  const loaded = await loadKnowledge(path.resolve(__dirname, '../../knowledge'));
  if (!loaded.ok) throw new Error('knowledge/ does not load');
  kb = loaded.knowledge;
});

const verdict = (risk: ScamVerdict['risk'], topic: string | null): ScamVerdict => ({
  risk,
  topic,
  reasons: [{ code: 'x', text: 'Một lý do bằng một câu.' }],
  urls: [],
});

test('a fraud entry names the kind of scam and gives its steps as what to do now', () => {
  const entry = kb.byId.get('lua-dao.tien-dien')!;
  const { text } = renderScamCheckReply(verdict('high', entry.id), kb, 'tin nhắn');
  expect(text).toContain(say.fraudKind(entry.title));
  expect(text).toContain(`${say.whatToDoNow}\n1. ${entry.steps![0]}`);
  expect(text).toContain('• Một lý do bằng một câu.');
});

test('an entry that is not a kind of scam is suggested after the advice for the level', () => {
  const entry = kb.byId.get(HOW_TO_SPOT_ENTRY)!;
  const { text } = renderScamCheckReply(verdict('medium', entry.id), kb, 'tin nhắn');
  expect(text).not.toContain(say.fraudKind(entry.title));
  expect(text).toContain(ADVICE.medium[0]);
  expect(text).toContain(say.readMore(entry.title));
});

test('the lowest level gives notes and general advice, no scam kind, and still offers to report', () => {
  const { text, buttons } = renderScamCheckReply(verdict('low', null), kb, 'tin nhắn');
  expect(text).toContain(say.notesTitle);
  expect(text).toContain(ADVICE.low[0]);
  expect(text).not.toContain('Kiểu lừa đảo');
  expect(buttons.map((b) => b.title)).toContain(say.buttons.report);
});

test('"Báo cho Công an xã" carries the masked message it was given, bounded like a typed message', () => {
  const long = `Ma OTP [mã đã ẩn] ${'x'.repeat(3000)}`;
  const { buttons } = renderScamCheckReply(verdict('high', null), kb, long);
  const report = buttons.find((b) => b.title === say.buttons.report)!;
  expect(report.action).toEqual({ kind: 'scam-report', message: long.slice(0, 2000) });
  expect(buttons.find((b) => b.title === say.buttons.learn)?.action).toEqual({ kind: 'entry', entryId: HOW_TO_SPOT_ENTRY });
});
