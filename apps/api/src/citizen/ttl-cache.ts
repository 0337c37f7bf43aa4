// A small time-bounded cache for data that changes rarely and is read on every rating
// (a service point's context, an organiser's calendar). Stale by at most ttlMs.
// The load itself is cached: callers that arrive while a key is loading share that one load.
// Without this, every rating of a busy window sent its own query the moment the entry expired,
// a burst that held up the rating batches behind it every ttlMs.
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: Promise<V>; until: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, now: number, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    const entry = { value: load(), until: now + this.ttlMs };
    this.#entries.set(key, entry);
    // A failed load is forgotten, so the next caller tries again.
    entry.value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
