import type { RequestStatus } from '../../shared/schemas/booking';

/**
 * Every way a request's status may change, in one table. transition.ts applies one as a single update
 * conditional on the request's version, written only if the status read is one of `from`: of two
 * concurrent actors, the second finds a new version, reads the new status and is refused.
 */
export const TRANSITIONS = {
  assign: { from: ['open', 'unfilled'], to: 'assigned' },
  reopen: { from: ['assigned'], to: 'open' },
  cancel: { from: ['open', 'assigned', 'unfilled'], to: 'cancelled' },
  complete: { from: ['assigned'], to: 'completed' },
  giveUp: { from: ['open'], to: 'unfilled' },
} as const satisfies Record<string, { from: readonly RequestStatus[]; to: RequestStatus }>;

export type Transition = keyof typeof TRANSITIONS;

export const FINAL_STATUSES: readonly RequestStatus[] = ['completed', 'cancelled'];

export function canApply(transition: Transition, status: RequestStatus): boolean {
  return (TRANSITIONS[transition].from as readonly RequestStatus[]).includes(status);
}
