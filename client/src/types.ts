import type { RequestView as ServerRequestView } from '../../server/booking/views';
import type { interpreterView } from '../../server/directory/views';

/** What JSON makes of a value: dates become ISO strings, absent fields stay optional. */
type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

// The request as the API sends it to each audience: the server's own view (server/booking/views.ts), as JSON.
export type RequestView = Json<ServerRequestView>;

// An interpreter's profile as the directory sends it (server/directory/views.ts), as JSON.
export type InterpreterView = Json<ReturnType<typeof interpreterView>>;
