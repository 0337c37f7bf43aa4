// The spreadsheet and PDF libraries are loaded on first use: ~40 MB of code that an API instance
// taking ratings or streaming CSV never runs (see the RSS targets of bench:ingest and bench:export).
export const loadExcelJS = async () => (await import('exceljs')).default;
export const loadPdfKit = async () => (await import('pdfkit')).default;
