// How the monitor shows measured values: times, sizes, durations between two ISO timestamps.
export function ms(v) {
  if (v === null || v === undefined) return '';
  return v < 1000 ? Math.round(v) + ' ms' : (v / 1000).toFixed(v < 10000 ? 2 : 1) + ' s';
}
export function bytes(v) {
  if (v === null || v === undefined || v < 0) return '';
  return v < 1048576 ? Math.round(v / 1024) + ' KiB' : (v / 1048576).toFixed(1) + ' MiB';
}
export function duration(a, b) { return a && b ? ms(Date.parse(b) - Date.parse(a)) : ''; }
