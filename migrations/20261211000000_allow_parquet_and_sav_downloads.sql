-- Releases are also downloaded as Parquet and SPSS .sav; the download log records those formats.
ALTER TABLE dataset_download DROP CONSTRAINT dataset_download_format_check;
ALTER TABLE dataset_download ADD CONSTRAINT dataset_download_format_check
  CHECK (format IN ('csv', 'jsonl', 'xlsx', 'parquet', 'sav'));
