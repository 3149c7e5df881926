import { type LoginResponse, type Presence, presenceReadResponseSchema } from '@beacon/protocol';

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

/** One user's presence as others see it, read through the integration API with `token`. */
export async function presenceSeenByOthers(url: string, token: string, email: string): Promise<Presence> {
  const response = await fetch(`${url}/api/v1/presence?emails=${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const user = presenceReadResponseSchema.parse(await response.json()).users[0];
  if (!user) throw new Error(`no presence of ${email}`);
  return user.presence;
}
