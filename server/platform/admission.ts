import type { NextFunction, Request, RequestHandler, Response } from 'express';

// When the server is saturated, every call in progress slows every other one down (measured: under
// 200 connections of bookings, lists and reports, a booking's ten database round trips each queued
// behind the reads, and bookings fell to a third of what they reach alone). Reads and reports are
// therefore admitted a few at a time, waiting their turn in order, while changes (a booking, an
// acceptance, a cancellation) and health checks always go straight in: analytics never slow down care.

export type WorkClass = 'change' | 'read' | 'report';

/** Which class a call belongs to: reports and exports are the heaviest reads. */
export function workClassOf(req: Pick<Request, 'method' | 'path'>): WorkClass {
  if (req.method !== 'GET' && req.method !== 'HEAD') return 'change';
  if (!req.path.startsWith('/api/')) return 'change';
  if (req.path.startsWith('/api/reports/') || req.path === '/api/audit' || req.path.endsWith('/export')) return 'report';
  return 'read';
}

/** At most `limit` holders at a time; the others wait in order. */
export class Gate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves when the caller may go in; the returned function lets the next one in. */
  enter(onAbandon: (leave: () => void) => void): Promise<() => void> {
    return new Promise((resolve) => {
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        this.running -= 1;
        this.waiting.shift()?.();
      };
      const admit = () => {
        this.running += 1;
        resolve(leave);
      };
      if (this.running < this.limit) return admit();
      this.waiting.push(admit);
      // A client gone before its turn gives up its place.
      onAbandon(() => {
        const index = this.waiting.indexOf(admit);
        if (index >= 0) this.waiting.splice(index, 1);
      });
    });
  }
}

/** Admits reads and reports at most `limits` at a time each; changes are never held. */
export function admission(limits: { reads: number; reports: number }): RequestHandler {
  const gates = { read: new Gate(limits.reads), report: new Gate(limits.reports) };
  return (req: Request, res: Response, next: NextFunction) => {
    const work = workClassOf(req);
    if (work === 'change') return next();
    void gates[work]
      .enter((giveUp) => req.once('close', giveUp))
      .then((leave) => {
        res.once('finish', leave);
        res.once('close', leave);
        if (req.destroyed) return leave();
        next();
      });
  };
}
