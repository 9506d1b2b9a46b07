/**
 * The bearer token a user pasted on the import page, kept in this tab's sessionStorage only (gone
 * when the tab closes; never in localStorage, cookies or the URL). It is saved only once the service
 * accepted it. The import page sends it as `Authorization: Bearer …`; the explorer only when the
 * service requires a token for reads.
 */
export const TOKEN_KEY = 'scholarly-graph.token';

export function readSessionToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function writeSessionToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lives only in the input field.
  }
}

/** The Authorization header for the stored token, or none. */
export function authorizationHeader(): Record<string, string> {
  const token = readSessionToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
