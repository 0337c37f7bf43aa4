// A stored release row as the codebook's columns, the same for every download format.

export type RowData = Record<string, unknown> & { aspects?: Record<string, number> };
export type Cell = string | number | boolean | null;

/** A stored row as the codebook's columns (aspects spread out, row numbers from 1). */
export function recordOf(columns: readonly string[]) {
  const aspectCodes = columns.filter((c) => c.startsWith('aspect_')).map((c) => c.slice('aspect_'.length));
  const withComment = columns.includes('comment');
  const withChannel = columns.includes('channel');
  return (d: RowData, rowNo: number): Record<string, Cell> => {
    const out: Record<string, Cell> = {
      row_no: rowNo,
      ...(withChannel ? { channel: (d.channel as string | undefined) ?? 'citizen' } : {}),
      category: (d.category as string) ?? null,
      unit: (d.unit as string | null) ?? null,
      service_point: (d.service_point as string | null) ?? null,
      period: d.period as string,
      verified: (d.verified as boolean | undefined) ?? null,
      overall: (d.overall as number | undefined) ?? null,
    };
    for (const code of aspectCodes) out[`aspect_${code}`] = d.aspects?.[code] ?? null;
    if (withChannel) out.panel_score = (d.panel_score as number | undefined) ?? null;
    if (withComment) out.comment = (d.comment as string | null | undefined) ?? null;
    return out;
  };
}
