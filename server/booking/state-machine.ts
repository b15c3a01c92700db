import type { RequestStatus } from '../../shared/schemas/booking';

/**
 * Every way a request's status may change, in one table. Each transition is applied as one conditional
 * atomic update on the request document (`status` must still be one of `from`), so two concurrent
 * actors can never both succeed.
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
