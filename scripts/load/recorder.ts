// Everything the load saw, kept per route: autocannon's own histograms leave out non-2xx answers and
// cannot be merged across instances, so every response's latency and status is kept here instead.

export type Kind = 'booking' | 'read' | 'report';

export interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
}

/** The first few bodies of each unexpected status per route, as evidence in the report. */
const SAMPLES_PER_STATUS = 3;

export class Recorder {
  private latencies = new Map<string, number[]>();
  private statuses = new Map<string, Map<number, number>>();
  private kinds = new Map<string, Kind>();
  readonly samples: { route: string; status: number; body: string }[] = [];
  /** Every id a 201 returned, in order. */
  readonly created: string[] = [];
  /** The same ids per requester, so reads ask for requests their caller may see. */
  readonly createdBy: string[][] = [];
  /** 201s per second of the run, to tell a sustained rate from a burst. */
  readonly bookingsBySecond: number[] = [];
  startedAt = Date.now();

  status(kind: Kind, route: string, status: number, body: string): void {
    this.kinds.set(route, kind);
    const counts = this.statuses.get(route) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.statuses.set(route, counts);
    if (status >= 400 && counts.get(status)! <= SAMPLES_PER_STATUS) {
      this.samples.push({ route, status, body: body.slice(0, 500) });
    }
  }

  latency(route: string, ms: number): void {
    const list = this.latencies.get(route) ?? [];
    list.push(ms);
    this.latencies.set(route, list);
  }

  booked(requester: number, id: string): void {
    this.created.push(id);
    (this.createdBy[requester] ??= []).push(id);
    const second = Math.floor((Date.now() - this.startedAt) / 1000);
    this.bookingsBySecond[second] = (this.bookingsBySecond[second] ?? 0) + 1;
  }

  count5xx(): number {
    let total = 0;
    for (const counts of this.statuses.values()) for (const [status, n] of counts) if (status >= 500) total += n;
    return total;
  }

  routes(): string[] {
    return [...this.statuses.keys()].sort();
  }

  figures(seconds: number, filter: (route: string) => boolean = () => true): Figures {
    const chosen = this.routes().filter(filter);
    const all = chosen.flatMap((route) => this.latencies.get(route) ?? []).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const route of chosen) for (const [status, n] of this.statuses.get(route)!) statuses[status] = (statuses[status] ?? 0) + n;
    const at = (q: number) => round(all[Math.min(all.length - 1, Math.ceil(q * all.length) - 1)] ?? 0);
    return { requests: all.length, perSecond: round(all.length / seconds), p50: at(0.5), p97_5: at(0.975), p99: at(0.99), max: round(all[all.length - 1] ?? 0), statuses };
  }

  byKind(seconds: number): Record<Kind, Figures> {
    const of = (kind: Kind) => this.figures(seconds, (route) => this.kinds.get(route) === kind);
    return { booking: of('booking'), read: of('read'), report: of('report') };
  }

  byRoute(seconds: number): Record<string, Figures> {
    return Object.fromEntries(this.routes().map((route) => [route, this.figures(seconds, (r) => r === route)]));
  }
}

export const round = (value: number) => Math.round(value * 100) / 100;

/** The median and the slowest full second of 201s, leaving out the first and last (partial) seconds. */
export function sustained(bySecond: number[], seconds: number) {
  const full = Array.from({ length: Math.max(0, Math.floor(seconds) - 2) }, (_, i) => bySecond[i + 1] ?? 0).sort((a, b) => a - b);
  return { median: full[Math.floor(full.length / 2)] ?? 0, slowest: full[0] ?? 0 };
}
