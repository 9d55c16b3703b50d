// Bot API error answers, worded like Telegram's so that code matching on `description` behaves the same here.

export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export type ApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toResponse(): ApiResponse {
    return this.parameters === undefined
      ? { ok: false, error_code: this.code, description: this.description }
      : { ok: false, error_code: this.code, description: this.description, parameters: this.parameters };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);
export const conflict = (what: string): ApiError => new ApiError(409, `Conflict: ${what}`);
export const methodNotFound = (): ApiError => new ApiError(404, 'Not Found: method not found');
export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

export const chatNotFound = (): ApiError => badRequest('chat not found');
export const WEBHOOK_ACTIVE =
  "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
export const OTHER_GET_UPDATES = 'terminated by other getUpdates request; make sure that only one bot instance is running';
