import { HTTPError } from 'got';

/**
 * A source's credential, asked for its headers before each authenticated attempt: fixed headers
 * for a key, a token fetched and renewed for OAuth. `rejected` hears of a 401: the source then
 * tries once more with fresh headers.
 */
export interface UpstreamCredential {
  headers(): Promise<Record<string, string>>;
  rejected?(): void;
}

/** A credential that is the same headers on every call (an API key, a static bearer token). */
export function fixedCredential(headers: Record<string, string>): UpstreamCredential {
  return { headers: async () => headers };
}

/**
 * One request with the credential's headers (none without a credential); after a 401, when the
 * credential can be renewed, once more with fresh headers.
 */
export async function withCredential<T>(
  credential: UpstreamCredential | undefined,
  send: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const headers = credential ? await credential.headers() : {};
  try {
    return await send(headers);
  } catch (error) {
    if (!(credential?.rejected && error instanceof HTTPError && error.response.statusCode === 401)) throw error;
    credential.rejected();
    return await send(await credential.headers());
  }
}
