// The request as the API sends it to each audience: one type in shared/, built by server/booking/views.ts.
export type { RequestView } from '../../shared/request-view';
