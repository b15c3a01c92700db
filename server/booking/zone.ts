import { PARIS_ZONE } from '../../shared/paris-time';
import type { RequestDoc } from './store';

// A session happens in its structure's region: its start is typed, repeated, reconfirmed and written in
// that region's zone (directory's structureTimeZone), read when the request is booked and kept on it.

/** The zone a request's times mean: the one it was booked in; Paris for requests booked before zones. */
export const zoneOf = (doc: { timeZone?: RequestDoc['timeZone'] }): string => doc.timeZone ?? PARIS_ZONE;
