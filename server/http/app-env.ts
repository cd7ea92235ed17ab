import type { Viewer } from '../accounts/roles.ts';
import type { Locale } from '../messages/message-catalogue.ts';

/** Per-request values set by the app's middleware and read by handlers. */
export interface AppEnv {
  Variables: {
    viewer: Viewer;
    /** The caller's address: the socket peer, or X-Forwarded-For only behind a trusted proxy. */
    clientAddress: string;
    /** The language messages are rendered in: `Accept-Language`, zh-CN by default. */
    locale: Locale;
  };
}
