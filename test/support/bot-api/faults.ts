// Fault injection: the next N calls of a method fail, stall, or lose their connection.
import { ApiError, tooManyRequests } from './errors.js';

export interface Fault {
  /** Answer with this error code instead of running the method (429 adds parameters.retry_after). */
  code?: number;
  /** Seconds, for 429 answers (default 1). */
  retryAfter?: number;
  /** Overrides the usual wording for `code`. */
  description?: string;
  /** Wait this long before answering (or before running the method, when no code is given). */
  delayMs?: number;
  /** Destroy the connection without answering, as a network failure would. */
  disconnect?: boolean;
}

const WORDING: Record<number, string> = {
  400: 'Bad Request: injected failure',
  401: 'Unauthorized',
  403: 'Forbidden: injected failure',
  404: 'Not Found',
  409: 'Conflict: injected failure',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export class FaultQueue {
  private readonly queued = new Map<string, Fault[]>();

  /** `method` may be '*' to hit whichever call comes next. */
  add(method: string, fault: Fault, times: number): void {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.queued.set(method, list);
  }

  take(method: string): Fault | undefined {
    return this.queued.get(method)?.shift() ?? this.queued.get('*')?.shift();
  }

  clear(): void {
    this.queued.clear();
  }
}

export function faultError(fault: Fault): ApiError | undefined {
  if (fault.code === undefined) return undefined;
  if (fault.code === 429) {
    const retryAfter = fault.retryAfter ?? 1;
    const error = tooManyRequests(retryAfter);
    return fault.description === undefined ? error : new ApiError(429, fault.description, error.parameters);
  }
  return new ApiError(fault.code, fault.description ?? WORDING[fault.code] ?? `Error ${fault.code}`);
}
