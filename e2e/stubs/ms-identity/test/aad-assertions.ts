import { expect } from 'vitest';

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const AAD_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/;

/** Asserts Microsoft's token endpoint error body, field by field. */
export async function expectAadError(
  response: Response,
  expected: { status?: number; error: string; code: number; suberror?: string },
): Promise<Record<string, unknown>> {
  expect(response.status).toBe(expected.status ?? 400);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;

  expect(body.error).toBe(expected.error);
  expect(body.error_codes).toEqual([expected.code]);
  expect(body.timestamp).toMatch(AAD_TIMESTAMP);
  expect(body.trace_id).toMatch(new RegExp(`^${GUID}$`));
  expect(body.correlation_id).toMatch(new RegExp(`^${GUID}$`));
  expect(body.error_uri).toMatch(new RegExp(`/error\\?code=${expected.code}$`));
  expect(body.suberror).toBe(expected.suberror);

  const lines = String(body.error_description).split('\r\n');
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(new RegExp(`^AADSTS${expected.code}: \\S`));
  expect(lines[1]).toBe(`Trace ID: ${body.trace_id}`);
  expect(lines[2]).toBe(`Correlation ID: ${body.correlation_id}`);
  expect(lines[3]).toBe(`Timestamp: ${body.timestamp}`);
  return body;
}

/** Asserts an error delivered to the app's redirect URI, like Microsoft's. */
export function expectRedirectError(
  callback: URL,
  expected: { error: string; code: number; state?: string },
): void {
  expect(callback.searchParams.get('code')).toBeNull();
  expect(callback.searchParams.get('error')).toBe(expected.error);
  expect(callback.searchParams.get('error_description')).toMatch(
    new RegExp(`^AADSTS${expected.code}: `),
  );
  expect(callback.searchParams.get('state')).toBe(expected.state ?? 'state-123');
}
