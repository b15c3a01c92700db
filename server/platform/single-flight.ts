// Identical reads asked at the same moment share one computation: forty dashboards opened together
// compute the yearly report once. Nothing is kept once the answer is out, and a read that starts after
// a write of this process never joins a computation that started before it (writes call
// `startNewFlights`). Callers must not modify what they get.

const inFlight = new Map<string, Promise<unknown>>();
let generation = 0;

export function singleFlight<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const fullKey = `${generation}:${key}`;
  const running = inFlight.get(fullKey) as Promise<T> | undefined;
  if (running) return running;
  const promise = compute().finally(() => inFlight.delete(fullKey));
  inFlight.set(fullKey, promise);
  return promise;
}

/** After a write: reads from now on compute afresh. */
export function startNewFlights(): void {
  generation += 1;
}
