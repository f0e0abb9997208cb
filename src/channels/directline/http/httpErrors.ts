/**
 * Every HTTP error the server answers is JSON in the Direct Line error shape, `{ "error": { "code", "message" } }`,
 * with a Vietnamese message a developer or a commune's web team can act on. Bad input is a 4xx, never a 500.
 */
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../../logging';

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Messages for the statuses the server produces itself or that restify produces for it (routing, body limits). */
const DEFAULTS: Record<number, { code: string; message: string }> = {
  400: { code: 'BadArgument', message: 'Yêu cầu không hợp lệ.' },
  401: { code: 'Unauthorized', message: 'Thiếu hoặc sai mã truy cập (token).' },
  403: { code: 'Forbidden', message: 'Mã truy cập không có quyền với cuộc trò chuyện này.' },
  404: { code: 'NotFound', message: 'Không tìm thấy địa chỉ được yêu cầu.' },
  405: { code: 'MethodNotAllowed', message: 'Phương thức HTTP này không được hỗ trợ ở địa chỉ này.' },
  406: { code: 'NotAcceptable', message: 'Máy chủ chỉ trả lời dạng JSON.' },
  413: { code: 'PayloadTooLarge', message: 'Nội dung gửi lên quá lớn.' },
  415: { code: 'UnsupportedMediaType', message: 'Nội dung phải là JSON (Content-Type: application/json).' },
  429: { code: 'TooManyRequests', message: 'Có quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau ít phút.' },
  500: { code: 'InternalError', message: 'Máy chủ gặp lỗi; vui lòng thử lại sau.' },
  502: { code: 'BotError', message: 'Bot chưa xử lý được tin nhắn; vui lòng thử lại.' },
  503: { code: 'ServiceUnavailable', message: 'Dịch vụ đang khởi động hoặc tạm dừng; vui lòng thử lại sau.' },
};

export function errorBody(status: number, message?: string, code?: string): ErrorBody {
  const fallback = DEFAULTS[status] ?? DEFAULTS[status >= 500 ? 500 : 400]!;
  return { error: { code: code ?? fallback.code, message: message ?? fallback.message } };
}

export function sendError(res: Response, status: number, message?: string, code?: string): void {
  res.header('Cache-Control', 'no-store');
  res.send(status, errorBody(status, message, code));
}

/** An error a handler throws to answer with a specific status; anything else thrown is a 500 and is logged. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
    readonly code?: string,
  ) {
    super(message ?? errorBody(status).error.message);
    this.name = 'HttpError';
  }
}

interface RestifyLikeError extends Error {
  statusCode?: number;
  toJSON?: () => unknown;
  body?: unknown;
}

/**
 * Rewrites restify's own errors (unknown route, wrong method, body too large, a handler that threw) into our shape.
 * Listeners of `restifyError` run before restify sends the error, so replacing `toJSON` changes the body it writes.
 */
export function installErrorFormatting(server: Server, logger: Logger): void {
  server.on('restifyError', (req: Request, _res: Response, err: RestifyLikeError, callback: () => void) => {
    const status = err instanceof HttpError ? err.status : typeof err.statusCode === 'number' ? err.statusCode : 500;
    // restify only sends errors that carry a numeric statusCode as they are; others it re-wraps, losing our body.
    err.statusCode = status;
    const body =
      status >= 500 && !(err instanceof HttpError)
        ? errorBody(status)
        : errorBody(status, err instanceof HttpError ? err.message : undefined, err instanceof HttpError ? err.code : undefined);
    if (status >= 500) logger.error({ err, method: req.method, path: req.path() }, 'request failed');
    err.toJSON = () => body;
    err.body = body;
    callback();
  });
}
