import { describe, expect, it } from 'vitest';
import { ApiError, ConnectionError, errorMessage, toApiError } from './errors';

describe('toApiError', () => {
  it("uses the body's message and code", () => {
    const e = toApiError(403, { error: { code: 'forbidden', message: 'You need push on shop/production.' } });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(403);
    expect(e.code).toBe('forbidden');
    expect(errorMessage(e)).toBe('You need push on shop/production.');
  });

  it('keeps the field of an invalid input', () => {
    const e = toApiError(422, { error: { code: 'invalid', message: 'must be at most 10000 bytes', field: 'comment' } });
    expect(e.field).toBe('comment');
  });

  it('falls back to a sentence for a body that is not an API error', () => {
    expect(toApiError(502, null).message).toBe('Rolf is unavailable; try again shortly.');
    expect(toApiError(418, '<html>').message).toBe('Rolf answered with an error (HTTP 418).');
    expect(toApiError(404, { error: { message: '' } }).message).toBe('Not found.');
  });

  it('never shows internal error text of a page crash', () => {
    expect(errorMessage(new TypeError('x is undefined'))).toBe('Something went wrong in the page. Reload to try again.');
    expect(errorMessage(new ConnectionError())).toBe('Cannot reach Rolf. Retrying…');
  });
});
