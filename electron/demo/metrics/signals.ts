import { hashUnit, mulberry32 } from '../random.ts';

/**
 * Deterministic signal shapes. Every value is a pure function of a seed and a time, so any
 * window of any query answers the same numbers. Rates are sums of sines (a daily swing plus two
 * shorter wiggles) whose integral is closed-form, which is what lets counters be evaluated at
 * any instant without replaying history.
 */

export interface Wave {
  amplitudes: [number, number, number];
  /** Angular frequencies, radians per second. */
  omegas: [number, number, number];
  phases: [number, number, number];
}

const twoPi = Math.PI * 2;

/** `daily` is the share of the daily swing; the two short wiggles are scaled by `jitter`. */
export function makeWave(seed: number, daily: number, jitter: number): Wave {
  const random = mulberry32(seed ^ 0x5bd1e995);
  const mid = 900 + random() * 1800;
  const short = 140 + random() * 300;
  return {
    amplitudes: [daily, jitter * (0.6 + random() * 0.4), jitter * (0.3 + random() * 0.3)],
    omegas: [twoPi / 86_400, twoPi / mid, twoPi / short],
    phases: [random() * twoPi, random() * twoPi, random() * twoPi],
  };
}

export function waveAt(wave: Wave, seconds: number): number {
  const [a0, a1, a2] = wave.amplitudes;
  const [w0, w1, w2] = wave.omegas;
  const [p0, p1, p2] = wave.phases;
  return a0 * Math.sin(w0 * seconds + p0) + a1 * Math.sin(w1 * seconds + p1) + a2 * Math.sin(w2 * seconds + p2);
}

/** An antiderivative of waveAt. */
export function waveIntegral(wave: Wave, seconds: number): number {
  const [a0, a1, a2] = wave.amplitudes;
  const [w0, w1, w2] = wave.omegas;
  const [p0, p1, p2] = wave.phases;
  return -(a0 / w0) * Math.cos(w0 * seconds + p0) - (a1 / w1) * Math.cos(w1 * seconds + p1) - (a2 / w2) * Math.cos(w2 * seconds + p2);
}

/** Uniform noise in [-1, 1) for one sample of one series. */
export function sampleNoise(seed: number, sampleMs: number): number {
  return hashUnit(seed, Math.floor(sampleMs / 1000)) * 2 - 1;
}

/**
 * A counter whose rate is base × (1 + wave(t)), started (at zero) at `originMs`:
 * value(t) = base × ((t − origin) + W(t) − W(origin)), in seconds.
 */
export function counterValue(base: number, wave: Wave, originMs: number, atMs: number): number {
  return counter(base, wave, originMs)(atMs);
}

/** counterValue with the origin's part computed once, for series evaluated at many instants. */
export function counter(base: number, wave: Wave, originMs: number): (atMs: number) => number {
  const origin = originMs / 1000;
  const originIntegral = waveIntegral(wave, origin);
  return (atMs) => {
    const t = atMs / 1000;
    return base * (t - origin + waveIntegral(wave, t) - originIntegral);
  };
}
