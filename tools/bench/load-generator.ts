// An HTTP/1.1 load generator for the benchmarks: `connections` keep-alive sockets. Closed loop
// by default: each sends its next request as soon as the last one was answered. With `rate`,
// requests are due at that many per second and each latency is counted from when its request
// was due, so time spent waiting for a free connection is not hidden. Unlike wrk it stops
// cleanly — at the deadline no new request starts and every request in flight is waited for —
// so "acknowledged" is exact: every 2xx a client saw, nothing cut off mid-flight. Requests
// answered during the warm-up (JIT, prepared statements, pools) count as acknowledged but not
// in the latency figures. Raw sockets and a minimal response parser (status line and
// Content-Length) keep its own CPU use low on a small machine shared with the API and PostgreSQL.
import { connect, type Socket } from 'node:net';

export interface LoadResult {
  /** Requests answered with 2xx, warm-up included. */
  acked: number;
  /** Requests answered with another status, warm-up included, by status. */
  refused: Map<number, number>;
  /** Requests lost at the socket (reset, closed, timeout). */
  failed: number;
  /** Answered requests per second in the measured window. */
  rps: number;
  /** Latency percentile (ms) in the measured window. */
  percentile(p: number): number;
}

export async function driveLoad(opts: {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** The JSON body of the n-th request. */
  body: (n: number) => string;
  /** Requests due per second (open loop); absent: closed loop. */
  rate?: number;
}): Promise<LoadResult> {
  const target = new URL(opts.url);
  const head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nConnection: keep-alive\r\n`;
  const start = performance.now();
  const measureFrom = start + opts.warmupSeconds * 1000;
  const interval = opts.rate ? 1000 / opts.rate : 0;
  let slot = 0;
  const stopAt = measureFrom + opts.seconds * 1000;
  const latencies: number[] = [];
  const refused = new Map<number, number>();
  let acked = 0;
  let failed = 0;
  let n = 0;

  const client = async () => {
    let socket = await open(target);
    for (;;) {
      let began = performance.now();
      if (interval > 0) {
        const due = start + slot++ * interval;
        if (due >= stopAt) break;
        if (due > began) await new Promise((r) => setTimeout(r, due - began));
        began = due;
      } else if (began >= stopAt) break;
      const body = opts.body(n++);
      const status = await exchange(
        socket,
        `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      ).catch(() => 0);
      const ended = performance.now();
      if (status >= 200 && status < 300) acked++;
      else if (status > 0) refused.set(status, (refused.get(status) ?? 0) + 1);
      else {
        failed++;
        socket.destroy();
        socket = await open(target);
      }
      if (began >= measureFrom && ended <= stopAt) latencies.push(ended - began);
    }
    socket.end();
  };
  await Promise.all(Array.from({ length: opts.connections }, client));
  latencies.sort((a, b) => a - b);
  return {
    acked,
    refused,
    failed,
    rps: latencies.length / opts.seconds,
    percentile: (p) =>
      latencies.length === 0
        ? Number.NaN
        : (latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] as number),
  };
}

function open(target: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one request and resolves with the response's status once its whole body is in. */
function exchange(socket: Socket, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer: Buffer = Buffer.alloc(0);
    const done = (fn: () => void) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onClose);
      fn();
    };
    const onClose = () => done(() => reject(new Error('connection closed')));
    const onData = (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const header = buffer.toString('latin1', 0, end);
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(header)?.[1] ?? Number.NaN);
      if (!Number.isFinite(length)) return done(() => reject(new Error('no content-length')));
      if (buffer.length < end + 4 + length) return;
      done(() => resolve(Number(header.slice(9, 12))));
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onClose);
    socket.write(request);
  });
}
