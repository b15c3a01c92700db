// How dispatch paces itself: plain numbers in one place, set from the configuration at start-up.

export interface DispatchPolicy {
  /** How long everyone online has to answer a "now" phone request before it widens to everyone eligible. */
  nowWaveSeconds: number;
  /** How many interpreters each wave of a booked request reaches. */
  waveSize: number;
  /** How long before its start a still-open booked request alerts the agencies' dispatchers. */
  atRiskMinutes: number;
  /** Later occurrences of a series wait this long at most for the first one's interpreter. */
  seriesHoldMinutes: number;
}

export const DEFAULT_DISPATCH_POLICY: Readonly<DispatchPolicy> = { nowWaveSeconds: 90, waveSize: 3, atRiskMinutes: 120, seriesHoldMinutes: 30 };

let policy: Readonly<DispatchPolicy> = DEFAULT_DISPATCH_POLICY;

export const dispatchPolicy = (): Readonly<DispatchPolicy> => policy;

export function configureDispatch(changes: Partial<DispatchPolicy>): void {
  policy = { ...DEFAULT_DISPATCH_POLICY, ...changes };
}

/** A wave waits longer when the session is far away: a thirtieth of the lead time, from 2 minutes to an hour. */
export function waveTimeoutMinutes(leadMinutes: number): number {
  return Math.min(60, Math.max(2, Math.round(leadMinutes / 30)));
}

export function atRiskAt(start: Date, now: Date): Date {
  return new Date(Math.max(now.getTime(), start.getTime() - policy.atRiskMinutes * 60_000));
}
