// The rating device's own storage (IndexedDB): its pairing (the device key, which never goes
// into a URL) and the queue of ratings not yet accepted by the server. A rating is written here,
// and the write committed, before the screen says thank you: a reload or a power cut after that
// loses nothing, and its idempotency key makes every resend store it once.

export interface Pairing {
  key: string;
  lang: 'zh-CN' | 'en';
}

export interface QueuedRating {
  seq?: number;
  idempotencyKey: string;
  overall: number;
  aspects: Record<string, number>;
  /** When the citizen tapped (ISO); the server stores this time, not the time it arrived. */
  ratedAt: string;
  visitId: string | null;
  state: 'waiting' | 'refused';
  /** Why the server refused it (shown on screen; the rating stays on the device). */
  refusal?: string;
}

const DB_NAME = 'kaimen-device';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('settings');
      db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let opened: Promise<IDBDatabase> | undefined;
const database = () => {
  opened ??= open();
  return opened;
};

/** Runs `work` in one transaction and resolves once it has committed. */
async function inTransaction<T>(
  stores: string[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => IDBRequest<T> | undefined,
): Promise<T | undefined> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    const request = work(tx);
    tx.oncomplete = () => resolve(request?.result as T | undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export async function loadPairing(): Promise<Pairing | undefined> {
  return (await inTransaction(['settings'], 'readonly', (tx) => tx.objectStore('settings').get('pairing'))) as
    | Pairing
    | undefined;
}

export async function savePairing(pairing: Pairing | undefined): Promise<void> {
  if (pairing)
    await inTransaction(['settings'], 'readwrite', (tx) =>
      tx.objectStore('settings').put(pairing, 'pairing'),
    );
  else await inTransaction(['settings'], 'readwrite', (tx) => tx.objectStore('settings').delete('pairing'));
}

/** Adds a rating to the queue; resolves once it is on disk. */
export async function enqueue(rating: QueuedRating): Promise<void> {
  await inTransaction(['queue'], 'readwrite', (tx) => tx.objectStore('queue').add(rating));
}

/** The queue in the order the ratings were made. */
export async function listQueue(): Promise<QueuedRating[]> {
  return ((await inTransaction(['queue'], 'readonly', (tx) => tx.objectStore('queue').getAll())) ??
    []) as QueuedRating[];
}

export async function removeQueued(seq: number): Promise<void> {
  await inTransaction(['queue'], 'readwrite', (tx) => tx.objectStore('queue').delete(seq));
}

export async function markRefused(rating: QueuedRating, refusal: string): Promise<void> {
  await inTransaction(['queue'], 'readwrite', (tx) =>
    tx.objectStore('queue').put({ ...rating, state: 'refused', refusal }),
  );
}
