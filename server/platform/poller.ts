/**
 * Runs `poll` every `everyMs`, never two at once: the next poll is armed only when the previous one is
 * over. `wake()` polls at once, or right after the poll under way. `stop()` waits for the poll under way.
 * The job runner and the mail sender poll their queues with it. Timers never keep the process alive.
 */
export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private active = false;
  private again = false;

  constructor(
    private readonly poll: () => Promise<unknown>,
    private readonly options: { everyMs: number; onError: (error: unknown) => void },
  ) {}

  /** Starts polling, the first time after `firstDelayMs`; a second start changes nothing. */
  start(firstDelayMs = this.options.everyMs): void {
    if (this.active) return;
    this.active = true;
    this.schedule(firstDelayMs);
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  wake(): void {
    if (!this.active) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (!this.active) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.poll()
        .then(() => undefined, (error: unknown) => this.options.onError(error))
        .finally(() => {
          this.running = undefined;
          const next = this.again ? 0 : this.options.everyMs;
          this.again = false;
          this.schedule(next);
        });
    }, delayMs);
    this.timer.unref();
  }
}
