import type { Session } from '../../../contract/accounts.ts';
import { http, rememberCsrfToken } from './http-client.ts';

/** The session: who is signed in, and the CSRF token the client sends with every write. */

export const sessionKey = ['session'] as const;

/** Reads the session and remembers its CSRF token for the writes that follow. */
async function sessionAnswer(answer: Promise<Session>): Promise<Session> {
  const session = await answer;
  rememberCsrfToken(session.csrfToken);
  return session;
}

export const sessionApi = {
  session: (signal?: AbortSignal) => sessionAnswer(http.get<Session>('/api/auth/session', { signal })),
  login: (username: string, password: string) => sessionAnswer(http.post<Session>('/api/auth/login', { username, password })),
  logout: async () => {
    await http.post<{ signedOut: true }>('/api/auth/logout', {});
    rememberCsrfToken(null);
  },
};
