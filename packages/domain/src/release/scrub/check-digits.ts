// Validity checks for identifiers that carry their own redundancy: the resident identity number
// (GB 11643: region, birth date, and since 1999 a mod-11 check character) and bank cards (Luhn).
// They let the scrubber mask these without a cue word and leave other long numbers alone.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** First two digits of mainland regions (GB/T 2260) and of the HK, Macau and Taiwan residence codes. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = m === 2 ? (leap ? 29 : 28) : (MONTH_DAYS[m - 1] as number);
  return d <= max;
}

/** Region and birth date of an 18-character number look real (the check character aside). */
export function hasIdShape(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  return (
    PROVINCES.has(Number(id.slice(0, 2))) &&
    year >= 1900 &&
    year <= 2035 &&
    isDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)))
  );
}

/** GB 11643 check character of an 18-character resident identity number. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === id[17]?.toUpperCase();
}

/** A 15-digit identity number (issued before 1999): region and a real YYMMDD birth date in the 1900s. */
export function isLegacyIdNumber(id: string): boolean {
  if (!/^\d{15}$/.test(id)) return false;
  return (
    PROVINCES.has(Number(id.slice(0, 2))) &&
    isDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)))
  );
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of payment cards (UnionPay 62 / 9, Visa 4, Mastercard 5 and 2221–2720, JCB/Amex 3). */
export function hasCardPrefix(digits: string): boolean {
  const first = digits[0];
  if (first === '3' || first === '4' || first === '5' || first === '6' || first === '9') return true;
  const four = Number(digits.slice(0, 4));
  return four >= 2221 && four <= 2720;
}
