// Sizes for people, one wording wherever Parley shows one (file cards, transfer progress,
// upload and download errors). Binary multiples written the way most desktop apps do
// ("5 MB" is 5 × 1024² bytes); no Node APIs: the renderer uses it too.

export const BYTE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;
const STEP = 1024;

/** Bytes as a count: anything not a finite, non-negative number counts as none. */
function count(bytes: number): number {
  return Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
}

/**
 * The number alone in a given unit (an index into BYTE_UNITS): whole bytes, else one decimal
 * unless it is 0 ("1.5 KB", "12.3 MB", "10 MB"). One decimal even above ten: a server's limit
 * of 19.5 KB must not read as 20 KB.
 */
export function formatAmount(bytes: number, unit: number): string {
  const value = count(bytes) / STEP ** unit;
  return unit === 0 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** The unit a size is written in; promoted when its amount would read "1024" ("1 MB", not "1024 KB"). */
export function byteUnit(bytes: number): number {
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1 && Number(formatAmount(bytes, unit)) >= STEP) unit++;
  return unit;
}

/** '0 bytes', '1 byte', '900 bytes', '1.5 KB', '12.3 MB', '2.3 GB'. */
export function formatBytes(bytes: number): string {
  const unit = byteUnit(bytes);
  const amount = formatAmount(bytes, unit);
  return unit === 0 && amount === '1' ? '1 byte' : `${amount} ${BYTE_UNITS[unit]}`;
}
