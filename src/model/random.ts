/**
 * Seeded random numbers and the samplers the flow model's simulation needs. Written here rather
 * than taken from a package because model/ depends on nothing but simple-statistics, and each is a
 * short textbook algorithm: xoshiro128** (Blackman and Vigna 2018) seeded through SplitMix32,
 * Marsaglia and Tsang's (2000) gamma, Poisson by multiplication (small means) or as a gamma-ratio
 * recursion (large), and binomial by inversion or recursion on the beta order statistic.
 */

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

/** Standard normal by Box-Muller. */
export function normal(random: Random): number {
  let u = 0;
  while (u === 0) u = random.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.uniform());
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

/** Poisson(mean): multiplication of uniforms below 30, else the gamma/binomial recursion (Knuth 3.4.1). */
export function poisson(random: Random, mean: number): number {
  if (!(mean >= 0)) throw new RangeError('poisson requires a non-negative mean');
  let count = 0;
  let remaining = mean;
  while (remaining > 30) {
    const m = Math.floor(remaining * 0.875);
    const x = gamma(random, m, 1);
    if (x >= remaining) return count + binomial(random, m - 1, remaining / x);
    count += m;
    remaining -= x;
  }
  const limit = Math.exp(-remaining);
  let product = random.uniform();
  while (product > limit) {
    count++;
    product *= random.uniform();
  }
  return count;
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

/** Binomial(n, p): inversion for small n x p, else recursion on beta order statistics (Knuth 3.4.1). */
export function binomial(random: Random, n: number, p: number): number {
  if (!(p >= 0 && p <= 1) || n < 0) throw new RangeError('binomial requires n >= 0 and 0 <= p <= 1');
  let trials = Math.round(n);
  let prob = p;
  let count = 0;
  while (trials > 40) {
    const a = 1 + Math.floor(trials / 2);
    const b = trials - a + 1;
    const x = gamma(random, a, 1);
    const beta = x / (x + gamma(random, b, 1));
    if (beta >= prob) {
      trials = a - 1;
      prob = prob / beta;
    } else {
      count += a;
      trials = b - 1;
      prob = (prob - beta) / (1 - beta);
    }
  }
  for (let i = 0; i < trials; i++) if (random.uniform() < prob) count++;
  return count;
}
