/**
 * `POST /zalo/webhook`: Zalo OA events in, bot turns out.
 *
 * 1. The raw bytes are read and the signature checked over them, in constant time, against the body's own `app_id`
 *    (which must be ours) and `timestamp`. Unsigned or forged requests are logged and dropped — answered 200 like
 *    everything else, because the console's "Kiểm tra" ping is not always signed and a non-200 can stop Zalo from
 *    saving the webhook URL, and because an attacker learns nothing from a uniform answer.
 * 2. 200 is sent at once (Zalo allows 2 seconds); the event is handled after, one at a time per citizen.
 * 3. Each event is claimed in the database by its `msg_id` (or its own key), so a delivery Zalo repeats is not
 *    answered twice, across restarts and instances.
 * 4. The event becomes an activity for the bot — text (a button's payload or a digit mapped back to the choice),
 *    a welcome on follow — or is handled here: unfollow is recorded; photos, files and locations get a polite answer
 *    and are kept for the report being filed; contact details go to the ticket.
 */
import type { Activity } from 'botbuilder';
import type { Request, Response } from 'restify';
import { button } from '../../bot/actions';
import { backToMenu } from '../../bot/menu';
import type { Logger } from '../../logging';
import type { ConversationRecords } from './conversations';
import type { InboundLog } from './inboundLog';
import { parseJsonKeepingBigIntegers } from './losslessJson';
import { zaloText } from './messages';
import { eventTime, MEDIA_EVENTS, oaEventKey, readOaEvent, type OaAttachment, type OaEvent } from './oaEvents';
import { OA_CHANNEL } from './oaTransport';
import type { OfferStore } from './offers';
import { BodyTooLargeError, readRawBody } from './rawBody';
import { SerialByKey } from './serialByKey';
import { SIGNATURE_HEADER, verifySignature } from './signature';
import { describeAttachment, describeContact, type KeepResult, type TicketExtras } from './ticketExtras';
import type { TurnLogic, ZaloChannelAdapter } from './zaloChannelAdapter';

export interface OaWebhookOptions {
  appId: string;
  oaSecretKey: string;
  adapter: ZaloChannelAdapter;
  /** The bot's turn handler (`bot.run(context)`). */
  bot: TurnLogic;
  inbound: InboundLog;
  offers: OfferStore;
  records: ConversationRecords;
  /** Present when tickets exist: attachments and contact details are kept for them. */
  extras?: TicketExtras;
  logger: Logger;
  /** Reported as the activities' `serviceUrl` (informational: replies go through the adapter). */
  serviceUrl: string;
  maxBodyBytes?: number;
  now?: () => number;
}

/** Media kept for a report; stickers and animated pictures carry nothing an officer needs. */
const NOT_KEPT = new Set(['user_send_sticker', 'user_send_gif']);
const WELCOME_EVENTS = new Set(['follow', 'user_click_chatnow']);

export class OaWebhook {
  private readonly serial = new SerialByKey();
  private readonly now: () => number;

  constructor(private readonly o: OaWebhookOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The restify handler. Never throws and never answers anything but 200 to a complete request (see above). */
  readonly handle = async (req: Request, res: Response): Promise<void> => {
    let raw: Buffer;
    try {
      const read = await readRawBody(req, this.o.maxBodyBytes ?? 256 * 1024);
      if (read.consumedByParser) this.o.logger.warn('zalo webhook: a body parser read the body first; the signature is checked on its copy');
      raw = read.bytes;
    } catch (err) {
      this.o.logger.warn({ err: err instanceof BodyTooLargeError ? err.message : err }, 'zalo webhook: body not read');
      res.send(err instanceof BodyTooLargeError ? 413 : 400, {});
      return;
    }
    const event = this.verified(raw, req.header(SIGNATURE_HEADER));
    res.send(200, {});
    if (!event) return;
    const work = this.serial.run(event.userId ?? '-', () => this.handleEvent(event));
    work.catch((err: unknown) => this.o.logger.error({ err, event: event.name }, 'zalo event failed'));
  };

  /** Waits for events being handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.serial.idle();
  }

  /** The event, if the body is a Zalo event for our app with a valid signature; logs why not otherwise. */
  private verified(raw: Buffer, header: string | undefined): OaEvent | undefined {
    let body: unknown;
    try {
      body = parseJsonKeepingBigIntegers(raw.toString('utf8'));
    } catch {
      this.o.logger.warn({ bytes: raw.length, signed: Boolean(header) }, 'zalo webhook: dropped a body that is not JSON');
      return undefined;
    }
    const event = readOaEvent(body);
    if (!event) {
      this.o.logger.warn({ bytes: raw.length, signed: Boolean(header) }, 'zalo webhook: dropped a body that is not a Zalo event');
      return undefined;
    }
    const signed = verifySignature({ header, appId: event.appId, rawBody: raw, timestamp: event.timestamp, oaSecretKey: this.o.oaSecretKey });
    if (!signed || event.appId !== this.o.appId) {
      this.o.logger.warn(
        { event: event.name, signature: header ? 'sai' : 'thiếu', appIdMatches: event.appId === this.o.appId },
        'zalo webhook: dropped an unsigned or forged request',
      );
      return undefined;
    }
    return event;
  }

  /** Handles one verified event (also the entry point for tests that bypass HTTP). */
  async handleEvent(event: OaEvent): Promise<void> {
    const userId = event.userId;
    const interesting =
      event.name === 'user_send_text' || event.name === 'unfollow' || event.name === 'user_submit_info' || WELCOME_EVENTS.has(event.name) || MEDIA_EVENTS.has(event.name);
    if (!userId || !interesting) {
      this.o.logger.debug({ event: event.name }, 'zalo event ignored');
      return;
    }
    const key = oaEventKey(event);
    if (!(await this.o.inbound.claim(OA_CHANNEL, key, event.name))) {
      this.o.logger.info({ event: event.name, conversationId: userId }, 'zalo event already handled (repeated delivery)');
      return;
    }
    const at = eventTime(event, this.now).getTime();
    if (event.name === 'unfollow' || WELCOME_EVENTS.has(event.name)) {
      if (event.name !== 'user_click_chatnow') await this.o.records.recordFollow(OA_CHANNEL, userId, event.name === 'follow', at);
      if (event.name !== 'unfollow') await this.o.adapter.processActivity(this.welcomeActivity(event, userId), this.o.bot);
      this.o.logger.info({ event: event.name, conversationId: userId }, 'zalo follow event');
    } else {
      await this.o.records.recordInbound(OA_CHANNEL, userId, at);
      if (event.name === 'user_send_text') await this.onText(event, userId);
      else if (event.name === 'user_submit_info') await this.onContact(event, userId);
      else await this.onMedia(event, userId);
    }
    await this.o.inbound.markProcessed(OA_CHANNEL, key);
  }

  private async onText(event: OaEvent, userId: string): Promise<void> {
    const text = (event.text ?? '').normalize('NFC');
    const activity = this.messageActivity(event, userId, { text });
    const lookup = await this.o.offers.lookup(OA_CHANNEL, userId, text);
    if (lookup.kind === 'choice') {
      activity.text = lookup.choice.text ?? lookup.choice.title;
      if (lookup.choice.value !== undefined) activity.value = lookup.choice.value;
      await this.o.adapter.processActivity(activity, this.o.bot);
      return;
    }
    if (lookup.kind === 'unknown-offer') {
      // An old button: say so, then show the main menu as if "Về menu chính" had been pressed.
      const menu = button(backToMenu.title, backToMenu.action);
      activity.text = backToMenu.title;
      activity.value = menu.value;
      await this.o.adapter.processActivity(activity, async (context) => {
        await context.sendActivity(zaloText.expiredButton);
        await this.o.bot(context);
      });
      return;
    }
    await this.o.adapter.processActivity(activity, this.o.bot);
  }

  private async onMedia(event: OaEvent, userId: string): Promise<void> {
    const attachment = event.attachments[0];
    const { kindLabel, line } = describeAttachment(event.name, attachment);
    const kept = NOT_KEPT.has(event.name) ? undefined : await this.keep(userId, 'attachment', line);
    if (kept?.kind === 'added') {
      await this.reply(event, userId, zaloText.attachmentKept(kindLabel, kept.ticketCode));
    } else if (event.name === 'user_send_location') {
      await this.reply(event, userId, zaloText.locationReceived);
    } else {
      // The bot answers pictures, stickers, voice and files itself (politely, keeping the buttons it offered).
      const activity = this.messageActivity(event, userId, {
        text: event.text ?? '',
        attachments: event.attachments.map((a) => toBotAttachment(event.name, a)),
      });
      if (activity.attachments?.length === 0) activity.attachments = [toBotAttachment(event.name, undefined)];
      await this.o.adapter.processActivity(activity, this.o.bot);
    }
  }

  private async onContact(event: OaEvent, userId: string): Promise<void> {
    const line = event.info ? describeContact(event.info) : undefined;
    if (!line || !this.o.extras) {
      this.o.logger.info({ conversationId: userId, understood: Boolean(line) }, 'zalo contact details not kept');
      return;
    }
    const kept = await this.keep(userId, 'contact', line);
    if (!kept) return;
    await this.reply(event, userId, kept.kind === 'added' ? zaloText.contactAddedToTicket(kept.ticketCode) : zaloText.contactKeptForLater);
  }

  private async keep(userId: string, kind: 'attachment' | 'contact', line: string): Promise<KeepResult | undefined> {
    if (!this.o.extras) return undefined;
    try {
      return await this.o.extras.keep(OA_CHANNEL, userId, kind, line);
    } catch (err) {
      this.o.logger.error({ err, conversationId: userId, kind }, 'zalo extra not kept');
      return undefined;
    }
  }

  /** A reply of the channel's own, in a turn of its own (through the adapter, so it is queued like any other). */
  private async reply(event: OaEvent, userId: string, text: string): Promise<void> {
    await this.o.adapter.processActivity(this.messageActivity(event, userId, {}), async (context) => {
      await context.sendActivity(text);
    });
  }

  private base(event: OaEvent, userId: string): Partial<Activity> {
    return {
      id: event.msgId ?? oaEventKey(event),
      channelId: OA_CHANNEL,
      serviceUrl: this.o.serviceUrl,
      timestamp: eventTime(event, this.now),
      locale: 'vi-VN',
      from: { id: userId, name: '', role: 'user' },
      recipient: { id: event.oaId ?? event.appId, name: '', role: 'bot' },
      conversation: { id: userId, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { eventName: event.name, ...(event.msgId ? { msgId: event.msgId } : {}) },
    };
  }

  private messageActivity(event: OaEvent, userId: string, extra: Partial<Activity>): Partial<Activity> {
    return { ...this.base(event, userId), type: 'message', ...extra };
  }

  /** Like Web Chat opening a conversation: the user joins, and the bot greets them. */
  private welcomeActivity(event: OaEvent, userId: string): Partial<Activity> {
    return { ...this.base(event, userId), type: 'conversationUpdate', membersAdded: [{ id: userId, name: '' }] };
  }
}

/** Zalo attachment → Bot Framework attachment, typed so the bot recognises pictures, stickers, voice and files. */
function toBotAttachment(eventName: string, a: OaAttachment | undefined): NonNullable<Activity['attachments']>[number] {
  const type = a?.type ?? eventName.replace(/^user_send_/, '');
  const url = typeof a?.payload.url === 'string' ? a.payload.url : typeof a?.payload.thumbnail === 'string' ? a.payload.thumbnail : undefined;
  const contentType =
    type === 'image' || type === 'gif'
      ? 'image/*'
      : type === 'sticker'
        ? 'application/vnd.zalo.sticker'
        : type === 'audio'
          ? 'audio/amr'
          : type === 'video'
            ? 'video/mp4'
            : 'application/octet-stream';
  return { contentType, ...(url ? { contentUrl: url } : {}), name: type };
}
