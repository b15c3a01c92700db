// The simulation's agenda of events: a binary min-heap on (time, order of scheduling), so that two
// events at the same instant always run in the order they were scheduled and a run is repeatable.

export interface Timed {
  at: number;
  seq: number;
}

/** An event without its `seq`, for each member of a union of events. */
export type Unsequenced<E> = E extends unknown ? Omit<E, 'seq'> : never;

export class EventQueue<E extends Timed> {
  private readonly items: E[] = [];
  private next = 0;

  get size(): number {
    return this.items.length;
  }

  /** Schedules an event; `seq` is assigned here. */
  push(event: Unsequenced<E>): void {
    const item = { ...event, seq: this.next++ } as E;
    const items = this.items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  /** The earliest event, removed; undefined when none is left. */
  pop(): E | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, last)) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

const before = (a: Timed, b: Timed) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
