// Which cycle a console page shows: the one asked for (?cycle=), else the open one, else the latest.
import { cyclesResponseSchema, type Lang } from '@kaimen/contracts';
import { callApi } from './api';

export async function pickCycle(opts: { lang: Lang; token: string | undefined; wanted: string | null }) {
  const { cycles } = await callApi(cyclesResponseSchema, '/v1/cycles', opts);
  const cycle =
    cycles.find((c) => c.id === opts.wanted) ?? cycles.find((c) => c.state === 'open') ?? cycles[0] ?? null;
  return { cycles, cycle };
}
