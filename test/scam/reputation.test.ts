/** The optional reputation service: off by default, given only hosts and numbers, never able to delay or break a verdict. */
import type { ReputationFinding, ReputationQuery, ReputationService } from '../../src/scam/reputation';
import { repoChecker } from './loadChecker';

const MESSAGE = 'Chị ơi xem giúp em trang https://shop-giamgia.net/sale, số chủ shop 0912 345 678 nhé';

class RecordingService implements ReputationService {
  readonly queries: ReputationQuery[] = [];
  constructor(private readonly answer: (q: ReputationQuery, signal: AbortSignal) => Promise<ReputationFinding[]>) {}
  lookup(query: ReputationQuery, signal: AbortSignal): Promise<ReputationFinding[]> {
    this.queries.push(query);
    return this.answer(query, signal);
  }
}

test('the local check never calls the service, even when one is configured', async () => {
  const service = new RecordingService(async () => []);
  const checker = await repoChecker({ reputation: service });
  expect(checker.check(MESSAGE).risk).toBe('low');
  expect(service.queries).toEqual([]);
});

test('without a service, checkAsync gives the local verdict', async () => {
  const checker = await repoChecker();
  expect(await checker.checkAsync(MESSAGE)).toEqual(checker.check(MESSAGE));
});

test('the service sees only host names and phone numbers, and its finding is explained', async () => {
  const service = new RecordingService(async (q) => [{ kind: 'domain', value: q.domains[0]!, rating: 'malicious', source: 'chongluadao.vn' }]);
  const verdict = await (await repoChecker({ reputation: service })).checkAsync(MESSAGE);
  expect(service.queries).toEqual([{ domains: ['shop-giamgia.net'], phones: ['0912345678'] }]);
  expect(verdict.risk).toBe('high');
  expect(verdict.reasons).toContainEqual({ code: 'reputation-malicious', text: 'Tên miền shop-giamgia.net bị chongluadao.vn đánh dấu là lừa đảo.' });
});

test('a message with no link and no number is not sent anywhere', async () => {
  const service = new RecordingService(async () => []);
  await (await repoChecker({ reputation: service })).checkAsync('Mẹ ơi tối nay con về muộn');
  expect(service.queries).toEqual([]);
});

test('a failing service is ignored', async () => {
  const service = new RecordingService(async () => {
    throw new Error('service down');
  });
  const checker = await repoChecker({ reputation: service });
  expect(await checker.checkAsync(MESSAGE)).toEqual(checker.check(MESSAGE));
});

test('a service that never answers is abandoned and told to stop', async () => {
  let aborted = false;
  const service = new RecordingService(
    (_q, signal) =>
      new Promise<ReputationFinding[]>(() => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
      }),
  );
  const checker = await repoChecker({ reputation: service, reputationTimeoutMs: 20 });
  expect(await checker.checkAsync(MESSAGE)).toEqual(checker.check(MESSAGE));
  expect(aborted).toBe(true);
});
