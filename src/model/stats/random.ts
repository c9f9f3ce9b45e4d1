/**
 * Seeded random numbers and the samplers the flow model's simulation needs. Written here rather
 * than taken from a package because model/ depends on nothing but simple-statistics, and each is a
 * short textbook algorithm: xoshiro128** (Blackman and Vigna 2018) seeded through SplitMix32,
 * Marsaglia and Tsang's (2000) gamma, and Poisson and binomial by inversion (small means) or
 * Hormann's (1993) transformed rejection (PTRS, BTRS) as numpy and TensorFlow use.
 */
import { logGamma } from './distributions.js';

/**
 * ln(k!) for whole k: logGamma(k + 1), tabled once for the counts the samplers ask for most (a
 * council's yearly entries and exits), worked out beyond.
 */
const LOG_FACTORIAL_TABLE: Readonly<Float64Array> = Float64Array.from({ length: 4096 }, (_, k) => logGamma(k + 1));
function logFactorial(k: number): number {
  return k < LOG_FACTORIAL_TABLE.length ? LOG_FACTORIAL_TABLE[k]! : logGamma(k + 1);
}

export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
}

/** xoshiro128** seeded from a 32-bit integer; the same seed gives the same stream everywhere. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const splitMix = () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitMix();
  let b = splitMix();
  let c = splitMix();
  let d = splitMix();
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return {
    uniform() {
      const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
      const t = (b << 9) >>> 0;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      return result / 4294967296;
    },
  };
}

/**
 * The stream of one simulated path: its own generator, seeded from the run's seed and the path's
 * number. A path's draws then depend on nothing but its own earlier years, so the interval for a
 * year is the same whichever year the projection runs to (`--to`).
 */
export function pathRandom(seed: number, path: number): Random {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(path + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d) >>> 0;
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39) >>> 0;
  return createRandom((z ^ (z >>> 15)) >>> 0);
}

/** Standard normal by the Marsaglia polar method (no trigonometry). */
export function normal(random: Random): number {
  for (;;) {
    const x = 2 * random.uniform() - 1;
    const y = 2 * random.uniform() - 1;
    const r = x * x + y * y;
    if (r > 0 && r < 1) return x * Math.sqrt((-2 * Math.log(r)) / r);
  }
}

/** Gamma(shape, scale), mean shape x scale (Marsaglia and Tsang; boost for shape < 1). */
export function gamma(random: Random, shape: number, scale: number): number {
  if (!(shape > 0 && scale > 0)) throw new RangeError('gamma requires a positive shape and scale');
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = random.uniform();
    return gamma(random, shape + 1, scale) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.uniform();
    if (u < 1 - 0.0331 * x ** 4) return d * v * scale;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/**
 * Poisson(mean): multiplication of uniforms below 10, else Hormann's (1993) transformed rejection
 * with squeeze (PTRS), which needs about two uniforms whatever the mean.
 */
export function poisson(random: Random, mean: number): number {
  if (!(mean >= 0)) throw new RangeError('poisson requires a non-negative mean');
  if (mean < 10) {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = random.uniform();
    while (product > limit) {
      count++;
      product *= random.uniform();
    }
    return count;
  }
  const root = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * root;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.uniform() - 0.5;
    const v = random.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
  }
}

/**
 * Negative binomial with the given mean and over-dispersion alpha (variance = mean + alpha x mean^2),
 * drawn as a gamma-Poisson mixture; alpha = 0 is Poisson.
 */
export function negativeBinomial(random: Random, mean: number, alpha: number): number {
  if (mean <= 0) return 0;
  if (alpha <= 0) return poisson(random, mean);
  return poisson(random, gamma(random, 1 / alpha, alpha * mean));
}

/**
 * Binomial(n, p): inversion (sequential search) while n x min(p, 1-p) < 10, else Hormann's (1993)
 * transformed rejection (BTRS); both cost a few uniforms, so exits of large cohorts stay cheap.
 */
export function binomial(random: Random, n: number, p: number): number {
  if (!(p >= 0 && p <= 1) || n < 0) throw new RangeError('binomial requires n >= 0 and 0 <= p <= 1');
  const trials = Math.round(n);
  if (p > 0.5) return trials - binomial(random, trials, 1 - p);
  if (trials === 0 || p === 0) return 0;
  const q = 1 - p;
  if (trials * p < 10) {
    for (;;) {
      const ratio = p / q;
      const step = (trials + 1) * ratio;
      let r = q ** trials;
      let u = random.uniform();
      let x = 0;
      while (u > r && x <= trials) {
        u -= r;
        x++;
        r *= step / x - ratio;
      }
      if (x <= trials) return x;
    }
  }
  const spq = Math.sqrt(trials * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = trials * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((trials + 1) * p);
  const h = logFactorial(m) + logFactorial(trials - m);
  for (;;) {
    const u = random.uniform() - 0.5;
    let v = random.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > trials) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(trials - k) + (k - m) * lpq) return k;
  }
}
