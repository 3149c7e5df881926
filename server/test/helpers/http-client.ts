import type { LoginResponse } from '@beacon/protocol';

/** Logs in over HTTP; throws unless 200. */
export async function loginAt(url: string, email: string, password: string): Promise<LoginResponse> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body: unknown = await response.json();
  if (response.status !== 200)
    throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(body)}`);
  return body as LoginResponse;
}
