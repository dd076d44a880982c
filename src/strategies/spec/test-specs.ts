/**
 * Small valid specs for the tests of this folder, each test changing one thing. (Kept beside the tests; not
 * exported from the module.)
 */

/** A long-only SMA cross with two params: every test starts from a spec that is valid. */
export function smaCrossSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 1,
    name: 'test-cross',
    version: '1.0.0',
    description: 'test spec',
    params: {
      fast: { type: 'int', default: 3, min: 2, max: 50, description: 'fast period' },
      slow: { type: 'int', default: 6, min: 3, max: 100, description: 'slow period' },
    },
    indicators: {
      fast: { type: 'sma', params: { period: '$fast' } },
      slow: { type: 'sma', params: ['$slow'] },
    },
    entry: { long: { left: 'fast', op: 'crossesAbove', right: 'slow' } },
    exit: { long: { left: 'fast', op: 'crossesBelow', right: 'slow' } },
    sizing: { fixed: 1 },
    ...overrides,
  };
}
