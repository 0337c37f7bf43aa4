// An uploaded table for a preview-then-import form. The preview answer carries the file (base64)
// in a hidden field, so "import" sends exactly the bytes that were previewed, without a second
// upload and without keeping anything on the server between the two steps.
import { fail } from '@sveltejs/kit';

const MAX_BYTES = 1024 * 1024;

export async function fileFrom(
  form: FormData,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; name: string } | null> {
  const file = form.get('file');
  if (file instanceof File && file.size > 0 && file.size <= MAX_BYTES)
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
  const carried = form.get('carried');
  const name = String(form.get('carriedName') ?? 'upload.csv');
  if (typeof carried === 'string' && carried.length > 0 && carried.length <= (MAX_BYTES * 4) / 3 + 4)
    return { bytes: new Uint8Array(Buffer.from(carried, 'base64')) as Uint8Array<ArrayBuffer>, name };
  return null;
}

export const carry = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export const noFile = (lang: string) =>
  fail(400, {
    message:
      lang === 'en'
        ? 'Choose a CSV or Excel file (at most 1 MB).'
        : '请选择 CSV 或 Excel 文件（不超过 1 MB）。',
    issues: [],
  });
