/**
 * `POST /zalo-bot/webhook`: Zalo Bot Platform updates in, bot turns out.
 * - The `X-Bot-Api-Secret-Token` header must equal the secret given to `setWebhook` (compared in constant time);
 *   anything else is logged and refused with 403, as the platform's own sample does.
 * - 200 at once, then the update is handled, one at a time per chat, de-duplicated by message id in the database.
 * - Text (or a digit answering a numbered list) goes to the bot; pictures, stickers and voice go to the bot as
 *   attachments (it answers them politely); `message.unsupported.received` — content Zalo withholds — is answered
 *   with where to get help, hotlines included.
 */
import type { Activity } from 'botbuilder';
import type { Request, Response } from 'restify';
import { hotlineLine } from '../../bot/messages';
import type { Settings } from '../../knowledge/schema';
import type { Logger } from '../../logging';
import type { ConversationRecords } from '../zalo-oa/conversations';
import type { InboundLog } from '../zalo-oa/inboundLog';
import { parseJsonKeepingBigIntegers } from '../zalo-oa/losslessJson';
import type { OfferStore } from '../zalo-oa/offers';
import { BodyTooLargeError, readRawBody } from '../zalo-oa/rawBody';
import { SerialByKey } from '../zalo-oa/serialByKey';
import { secretsEqual } from '../zalo-oa/signature';
import type { TurnLogic, ZaloChannelAdapter } from '../zalo-oa/zaloChannelAdapter';
import { botUpdateKey, readBotUpdate, type BotUpdate } from './botEvents';
import { BOT_CHANNEL } from './botTransport';
import { zaloBotText } from './messages';

export const SECRET_HEADER = 'x-bot-api-secret-token';

export interface BotWebhookOptions {
  secret: string;
  botId: string;
  adapter: ZaloChannelAdapter;
  bot: TurnLogic;
  inbound: InboundLog;
  offers: OfferStore;
  records: ConversationRecords;
  /** For the hotlines in the answer to withheld messages. */
  settings: () => Settings | undefined;
  logger: Logger;
  serviceUrl: string;
  maxBodyBytes?: number;
  now?: () => number;
}

const MEDIA: Record<string, { contentType: string; name: string }> = {
  'message.image.received': { contentType: 'image/*', name: 'image' },
  'message.sticker.received': { contentType: 'application/vnd.zalo.sticker', name: 'sticker' },
  'message.voice.received': { contentType: 'audio/aac', name: 'voice' },
};

export class BotWebhook {
  private readonly serial = new SerialByKey();
  private readonly now: () => number;

  constructor(private readonly o: BotWebhookOptions) {
    this.now = o.now ?? Date.now;
  }

  readonly handle = async (req: Request, res: Response): Promise<void> => {
    if (!secretsEqual(req.header(SECRET_HEADER) || undefined, this.o.secret)) {
      this.o.logger.warn({ secret: req.header(SECRET_HEADER) ? 'sai' : 'thiếu' }, 'zalo bot webhook: dropped a request without the right secret');
      res.send(403, {});
      return;
    }
    let update: BotUpdate | undefined;
    try {
      const { bytes } = await readRawBody(req, this.o.maxBodyBytes ?? 256 * 1024);
      update = readBotUpdate(parseJsonKeepingBigIntegers(bytes.toString('utf8')));
    } catch (err) {
      const tooLarge = err instanceof BodyTooLargeError;
      this.o.logger.warn({ reason: tooLarge ? 'too large' : 'not JSON' }, 'zalo bot webhook: body not read');
      res.send(tooLarge ? 413 : 400, {});
      return;
    }
    res.send(200, {});
    if (!update) {
      this.o.logger.warn('zalo bot webhook: dropped a body that is not an update');
      return;
    }
    const u = update;
    this.serial
      .run(u.chatId ?? '-', () => this.handleUpdate(u))
      .catch((err: unknown) => this.o.logger.error({ err, event: u.name }, 'zalo bot update failed'));
  };

  idle(): Promise<void> {
    return this.serial.idle();
  }

  async handleUpdate(update: BotUpdate): Promise<void> {
    const chatId = update.chatId;
    const known = update.name.startsWith('message.') || update.name === 'user.follow' || update.name === 'user.unfollow';
    if (!chatId || !known) {
      this.o.logger.debug({ event: update.name }, 'zalo bot update ignored');
      return;
    }
    const key = botUpdateKey(update);
    if (!(await this.o.inbound.claim(BOT_CHANNEL, key, update.name))) {
      this.o.logger.info({ event: update.name, conversationId: chatId }, 'zalo bot update already handled (repeated delivery)');
      return;
    }
    const at = update.date ?? this.now();
    if (update.name === 'user.follow' || update.name === 'user.unfollow') {
      await this.o.records.recordFollow(BOT_CHANNEL, chatId, update.name === 'user.follow', at);
      if (update.name === 'user.follow') {
        await this.o.adapter.processActivity({ ...this.base(update, chatId), type: 'conversationUpdate', membersAdded: [{ id: update.fromId ?? chatId, name: '' }] }, this.o.bot);
      }
    } else {
      await this.o.records.recordInbound(BOT_CHANNEL, chatId, at);
      await this.onMessage(update, chatId);
    }
    await this.o.inbound.markProcessed(BOT_CHANNEL, key);
  }

  private async onMessage(update: BotUpdate, chatId: string): Promise<void> {
    const activity: Partial<Activity> = { ...this.base(update, chatId), type: 'message' };
    if (update.name === 'message.unsupported.received') {
      await this.o.adapter.processActivity(activity, async (context) => {
        await context.sendActivity(this.unsupportedText());
      });
      return;
    }
    const media = MEDIA[update.name];
    if (media) {
      activity.text = update.text ?? '';
      activity.attachments = [{ contentType: media.contentType, name: media.name, ...(update.mediaUrl ? { contentUrl: update.mediaUrl } : {}) }];
      await this.o.adapter.processActivity(activity, this.o.bot);
      return;
    }
    const text = (update.text ?? '').normalize('NFC');
    activity.text = text;
    const lookup = await this.o.offers.lookup(BOT_CHANNEL, chatId, text);
    if (lookup.kind === 'choice') {
      activity.text = lookup.choice.text ?? lookup.choice.title;
      if (lookup.choice.value !== undefined) activity.value = lookup.choice.value;
    }
    await this.o.adapter.processActivity(activity, this.o.bot);
  }

  private unsupportedText(): string {
    const hotlines = this.o.settings()?.hotlines ?? [];
    return [zaloBotText.unsupported, ...hotlines.map(hotlineLine), zaloBotText.visitPolice].join('\n');
  }

  private base(update: BotUpdate, chatId: string): Partial<Activity> {
    return {
      id: update.messageId ?? botUpdateKey(update),
      channelId: BOT_CHANNEL,
      serviceUrl: this.o.serviceUrl,
      timestamp: new Date(update.date ?? this.now()),
      locale: 'vi-VN',
      from: { id: update.fromId ?? chatId, name: update.fromName ?? '', role: 'user' },
      recipient: { id: this.o.botId, name: '', role: 'bot' },
      conversation: { id: chatId, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { eventName: update.name, ...(update.messageId ? { messageId: update.messageId } : {}) },
    };
  }
}
