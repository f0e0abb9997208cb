/**
 * HTTP routes of the self-hosted Direct Line (`/v3/directline/...`, what Web Chat calls) and of the Bot Framework
 * channel side (`/v3/conversations/...`, where a bot's ConnectorClient posts its replies; our own bot, on an
 * InProcessCloudAdapter, hands them over without HTTP).
 */
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logging';
import type { DirectLineService } from './directLineService';
import { parseWatermark } from './directLineService';
import { HttpError, sendError } from './http/httpErrors';
import { jsonBody } from './http/jsonBody';
import { publicOrigin, requestAddress, isLoopbackRequest } from './http/requestInfo';
import { directLineText } from './messages';
import { type RateDecision, RateLimiter } from './rateLimiter';

export interface DirectLineRouteOptions {
  service: DirectLineService;
  logger: Logger;
  /** When set, generating tokens requires it, and it may also be used as a bearer for any call. */
  secret?: string;
  /** Public origin (`https://chat.example.gov.vn`) for stream URLs behind a proxy; else taken from the request. */
  publicUrl?: string;
  /** Anonymous token generation, per client address. */
  tokenLimiter: RateLimiter;
  /** Posted activities, per conversation: a person types far slower than this. */
  postLimiter: RateLimiter;
  /** Posted activities, per client address (all conversations of one address together). */
  addressPostLimiter?: RateLimiter;
  /** Largest activity accepted, in bytes. */
  maxActivityBytes?: number;
  /** Told about every refusal by a limit (`tokens`, `messages`), for metrics. */
  onThrottled?: (limit: 'tokens' | 'messages') => void;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  // directlinejs sends these on every call; without them a cross-origin page fails its preflight.
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, x-ms-bot-agent',
  'Access-Control-Max-Age': '600',
};

type Handler = (req: Request, res: Response) => Promise<void>;

export function mountDirectLine(server: Server, o: DirectLineRouteOptions): void {
  const { service } = o;
  const body = jsonBody({ maxBytes: o.maxActivityBytes ?? 64 * 1024, allowEmpty: true });
  const activityBody = jsonBody({ maxBytes: o.maxActivityBytes ?? 64 * 1024 });
  const base = '/v3/directline';
  const caller = (req: Request) => service.authenticate(req.header('authorization'), o.secret);
  const origin = (req: Request) => publicOrigin(req, o.publicUrl);
  const param = (req: Request, name: string): string => String((req.params as Record<string, unknown>)[name] ?? '');
  // One explanation per conversation per minute, however hard it floods.
  const noticeLimiter = new RateLimiter({ limit: 1, windowMs: 60_000 });

  // Set before any handler runs, so errors from body parsing and routing carry them too.
  server.pre(function directLineCors(req: Request, res: Response, next: () => void) {
    if (req.path().startsWith(base)) res.set(CORS_HEADERS);
    next();
  });

  const handled = (handler: Handler): Handler =>
    async function directLineRoute(req, res) {
      res.header('Cache-Control', 'no-store');
      try {
        await handler(req, res);
      } catch (err) {
        if (err instanceof HttpError) return sendError(res, err.status, err.message, err.code);
        o.logger.error({ err, path: req.path() }, 'directline request failed');
        sendError(res, 500);
      }
    };

  server.opts(`${base}/*`, async function directLinePreflight(_req: Request, res: Response) {
    res.send(204);
  });

  server.post(
    `${base}/tokens/generate`,
    body,
    handled(async (req, res) => {
      let trusted = false;
      if (o.secret) {
        if (service.authenticate(req.header('authorization'), o.secret).kind !== 'secret') {
          throw new HttpError(403, 'Cần khóa bí mật Direct Line để tạo token.');
        }
        trusted = true;
      } else if (!o.tokenLimiter.take(requestAddress(req))) {
        o.onThrottled?.('tokens');
        throw new HttpError(429);
      }
      const user = (req.body as { user?: { id?: unknown } }).user;
      res.send(200, service.generateToken(trusted ? user?.id : undefined));
    }),
  );

  server.post(
    `${base}/tokens/refresh`,
    body,
    handled(async (req, res) => {
      res.send(200, service.refreshToken(caller(req)));
    }),
  );

  server.post(
    `${base}/conversations`,
    body,
    handled(async (req, res) => {
      const result = await service.startConversation(caller(req), req.body as Record<string, unknown>, origin(req));
      res.send(result.status, result.body);
    }),
  );

  server.get(
    `${base}/conversations/:conversationId`,
    handled(async (req, res) => {
      const watermark = parseWatermark(req.query?.watermark);
      res.send(200, await service.reconnect(caller(req), param(req, 'conversationId'), watermark, origin(req)));
    }),
  );

  server.get(
    `${base}/conversations/:conversationId/activities`,
    handled(async (req, res) => {
      const watermark = parseWatermark(req.query?.watermark);
      res.send(200, await service.activities(caller(req), param(req, 'conversationId'), watermark));
    }),
  );

  server.post(
    `${base}/conversations/:conversationId/activities`,
    activityBody,
    handled(async (req, res) => {
      const who = caller(req);
      const conversationId = param(req, 'conversationId');
      const refusal = refused([o.postLimiter.check(conversationId), o.addressPostLimiter?.check(requestAddress(req))]);
      if (refusal) {
        o.onThrottled?.('messages');
        const seconds = Math.ceil(refusal.retryAfterMs / 1000);
        // Web Chat only marks a refused message "not sent"; the citizen also gets a sentence saying why, once a minute.
        if (noticeLimiter.take(conversationId)) {
          await service.notice(who, conversationId, directLineText.throttledNotice(seconds)).catch((err: unknown) => {
            if (!(err instanceof HttpError)) o.logger.warn({ err, conversationId }, 'directline throttle notice not stored');
          });
        }
        res.header('Retry-After', String(Math.max(1, seconds)));
        throw new HttpError(429, directLineText.throttled(seconds), 'TooManyRequests');
      }
      res.send(200, await service.postActivity(who, conversationId, req.body as Record<string, unknown>));
    }),
  );

  // Files are not accepted: the widget hides its upload button, and citizens' documents must not be collected here.
  server.post(
    `${base}/conversations/:conversationId/upload`,
    handled(async () => {
      throw new HttpError(415, 'Hệ thống chưa nhận tệp đính kèm; vui lòng gõ câu hỏi bằng chữ.', 'UploadNotSupported');
    }),
  );

  // --- Bot Framework channel side: the bot's ConnectorClient calls these with `serviceUrl` = this server. ---
  const fromBot = (handler: Handler): Handler =>
    handled(async (req, res) => {
      // Only a bot on this machine may call back (over loopback); nobody else may inject "bot" messages.
      if (!isLoopbackRequest(req)) throw new HttpError(403, 'Chỉ bot chạy trên máy chủ này được gửi tin vào cuộc trò chuyện.');
      await handler(req, res);
    });

  server.post(
    '/v3/conversations/:conversationId/activities',
    activityBody,
    fromBot(async (req, res) => {
      const [response] = await service.receiveFromBot(param(req, 'conversationId'), [req.body as Record<string, unknown>]);
      res.send(200, response);
    }),
  );

  server.post(
    '/v3/conversations/:conversationId/activities/:activityId',
    activityBody,
    fromBot(async (req, res) => {
      const { conversationId, activityId } = { conversationId: param(req, 'conversationId'), activityId: param(req, 'activityId') };
      const [response] = await service.receiveFromBot(conversationId, [req.body as Record<string, unknown>], activityId);
      res.send(200, response);
    }),
  );
}

/** The refusal that lasts longest among the limits that refused, if any did. */
function refused(decisions: ReadonlyArray<RateDecision | undefined>): RateDecision | undefined {
  let worst: RateDecision | undefined;
  for (const d of decisions) if (d && !d.allowed && (!worst || d.retryAfterMs > worst.retryAfterMs)) worst = d;
  return worst;
}
