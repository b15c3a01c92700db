import { requests, type RequestDoc } from './store';

// Requests a generator built whole (the seeded history), written as they are: they never go through
// the booking flow, so nothing about them is decided here.

export type { RequestDoc } from './store';

/** Writes requests in their stored shape (every field, defaults included); ids already there are skipped. */
export const importPastRequests = (docs: ReadonlyArray<RequestDoc>) => requests.insertPrepared(docs);
