export interface Stats {
  samples: number;
  p50: number;
  p99: number;
}

export function percentiles(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
  return { samples: s.length, p50: at(0.5), p99: at(0.99) };
}
