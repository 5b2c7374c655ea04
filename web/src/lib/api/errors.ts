// The one error type pages see. An API error's `message` is what the user reads; `code` is for logic.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;

  constructor(status: number, code: string, message: string, field: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** The request never got an answer (network down, server gone). Queries retry these. */
export class ConnectionError extends Error {
  constructor(cause?: unknown) {
    super('Cannot reach Rolf. Retrying…', { cause });
    this.name = 'ConnectionError';
  }
}

const FALLBACK: Record<number, string> = {
  400: 'The request was not understood.',
  401: 'Please sign in.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state.',
  429: 'Too many attempts; try again later.',
  502: 'Rolf is unavailable; try again shortly.',
  503: 'Rolf is unavailable; try again shortly.',
  504: 'Rolf is unavailable; try again shortly.',
};

/** Maps a non-2xx answer to an ApiError: the body's `error.message` when it has one, else a plain sentence. */
export function toApiError(status: number, body: unknown): ApiError {
  const detail = (body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  const code = typeof detail?.code === 'string' ? detail.code : `http_${status}`;
  const message =
    typeof detail?.message === 'string' && detail.message
      ? detail.message
      : (FALLBACK[status] ?? `Rolf answered with an error (HTTP ${status}).`);
  const field = typeof detail?.field === 'string' ? detail.field : null;
  return new ApiError(status, code, message, field);
}

/** What to show the user for any thrown error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof ConnectionError) return error.message;
  return 'Something went wrong in the page. Reload to try again.';
}
