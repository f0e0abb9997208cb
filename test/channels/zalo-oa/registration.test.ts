/**
 * Turning the Zalo channels on and off: off unless configured, a half configuration refused with the missing
 * variables named, and the webhook still verifying signatures when a server-wide body parser read the body first.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { registerZaloRoutes, zaloBotSettings, zaloOaSettings } from '../../../src/channels/zalo-oa/registerZaloRoutes';
import { ConfigError, loadConfig } from '../../../src/config';
import { openDatabase } from '../../../src/storage/openDatabase';
import { captureLogger } from '../../fakes/captureLogger';
import { SETTINGS } from '../../fakes/knowledgeBase';
import { FakeZaloOa } from '../../fakes/zaloOaServer';
import { postOaEvent, textEvent, type OaApp } from '../../fakes/zaloWebhook';

const OA = {
  ZALO_APP_ID: '3608465248940903967',
  ZALO_APP_SECRET: 'app-secret',
  ZALO_OA_SECRET_KEY: 'oa-secret',
  ZALO_ACCESS_TOKEN: 'at',
  ZALO_REFRESH_TOKEN: 'rt',
};

describe('Zalo configuration', () => {
  test('nothing set: both channels off', () => {
    const config = loadConfig({});
    expect(zaloOaSettings(config)).toBeUndefined();
    expect(zaloBotSettings(config)).toBeUndefined();
  });

  test('the defaults point at Zalo', () => {
    const config = loadConfig({});
    expect([config.ZALO_API_BASE, config.ZALO_OAUTH_BASE, config.ZALO_BOT_API_BASE]).toEqual([
      'https://openapi.zalo.me',
      'https://oauth.zaloapp.com',
      'https://bot-api.zaloplatforms.com',
    ]);
  });

  test('a full OA configuration turns the OA channel on with the first token pair', () => {
    expect(zaloOaSettings(loadConfig(OA))).toMatchObject({ appId: OA.ZALO_APP_ID, seed: { accessToken: 'at', refreshToken: 'rt' } });
  });

  test('without tokens in the configuration (later pairs live in the database) the channel is still on', () => {
    const { ZALO_ACCESS_TOKEN: _a, ZALO_REFRESH_TOKEN: _r, ...rest } = OA;
    expect(zaloOaSettings(loadConfig(rest))?.seed).toBeUndefined();
  });

  test.each([
    ['the OA secret key missing', { ...OA, ZALO_OA_SECRET_KEY: '' }, /ZALO_OA_SECRET_KEY/],
    ['only one token', { ...OA, ZALO_REFRESH_TOKEN: '' }, /ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN/],
    ['only an access token and nothing else', { ZALO_ACCESS_TOKEN: 'at' }, /ZALO_APP_ID[\s\S]*ZALO_APP_SECRET[\s\S]*ZALO_OA_SECRET_KEY/],
  ])('%s: refused, naming what is missing', (_name, env, message) => {
    expect(() => zaloOaSettings(loadConfig(env))).toThrow(ConfigError);
    expect(() => zaloOaSettings(loadConfig(env))).toThrow(message);
  });

  test.each([
    ['a token without its secret', { ZALO_BOT_TOKEN: '123:abc' }, /ZALO_BOT_SECRET/],
    ['a secret without its token', { ZALO_BOT_SECRET: 'mot-bi-mat-du-dai' }, /ZALO_BOT_TOKEN/],
  ])('Bot Platform: %s is refused', (_name, env, message) => {
    expect(() => zaloBotSettings(loadConfig(env))).toThrow(message);
  });

  test.each([
    ['an app id that is not digits', { ZALO_APP_ID: 'abc' }, /ZALO_APP_ID/],
    ['a bot secret shorter than 8 characters', { ZALO_BOT_SECRET: 'short' }, /ZALO_BOT_SECRET/],
    ['a bot token without its id part', { ZALO_BOT_TOKEN: 'abc' }, /ZALO_BOT_TOKEN/],
  ])('%s is a configuration error', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the OA webhook behind a server-wide body parser', () => {
  test('still checks the signature over the body and answers', async () => {
    const app: OaApp = { appId: OA.ZALO_APP_ID, oaId: '3886132808788086450', oaSecretKey: OA.ZALO_OA_SECRET_KEY };
    const fake = await new FakeZaloOa({ appId: app.appId, appSecret: OA.ZALO_APP_SECRET, accessToken: 'at', refreshToken: 'rt' }).start();
    const db = await openDatabase('sqlite::memory:');
    const server = restify.createServer({ handleUncaughtExceptions: false });
    server.use(restify.plugins.bodyParser());
    const log = captureLogger('info');
    const zalo = registerZaloRoutes(server, {
      config: loadConfig({ ...OA, ZALO_API_BASE: fake.url, ZALO_OAUTH_BASE: fake.url }),
      db,
      logger: log.logger,
      bot: { run: async (context) => void (await context.sendActivity(`Bạn vừa gửi: ${context.activity.text}`)) },
      settings: () => SETTINGS,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      fake.addUser('2468458835296197922');
      await postOaEvent(url, app, textEvent(app, '2468458835296197922', 'Xin chào Công an xã'));
      await postOaEvent(url, app, textEvent(app, '2468458835296197922', 'giả mạo'), { signature: 'mac=' + 'f'.repeat(64) });
      await zalo.idle();
      expect(fake.textsTo('2468458835296197922')).toEqual(['Bạn vừa gửi: Xin chào Công an xã']);
    } finally {
      await zalo.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await fake.close();
    }
  });
});
