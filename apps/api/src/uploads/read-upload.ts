// The uploaded file's bytes (multipart field "file"), or a clear 400 naming the field.
import type { Context } from 'hono';
import type { AppEnv } from '../deps.ts';
import { AppError } from '../errors.ts';

const NO_FILE = {
  issues: [{ path: 'file', message: '请上传 CSV 或 Excel 文件 (upload a CSV or Excel file)' }],
};

export async function readUpload(c: Context<AppEnv>): Promise<Uint8Array> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new AppError('validation_failed', NO_FILE);
  }
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) throw new AppError('validation_failed', NO_FILE);
  return new Uint8Array(await file.arrayBuffer());
}
