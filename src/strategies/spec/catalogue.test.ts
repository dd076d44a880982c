import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQuantLabError } from '../../core/errors.js';
import * as indicatorLibrary from '../../indicators/index.js';
import { availableIndicatorTypes, findIndicatorKind, INDICATOR_KINDS, indicatorClass } from './catalogue.js';

/** Exports of src/indicators that are building blocks, not indicators a spec names. */
const NOT_SPEC_INDICATORS = new Set(['RealIndicator', 'PassThroughMA', 'RingBuffer']);

describe('indicator catalogue', () => {
  it('maps every streaming class of src/indicators, and every entry to an exported class', () => {
    const streaming = Object.entries(indicatorLibrary)
      .filter(([, value]) => typeof value === 'function' && typeof value.prototype?.updateBar === 'function')
      .map(([name]) => name)
      .filter((name) => !NOT_SPEC_INDICATORS.has(name));
    expect(streaming.filter((name) => !INDICATOR_KINDS.some((kind) => kind.className === name))).toEqual([]);
    expect(
      INDICATOR_KINDS.filter((kind) => indicatorClass(kind) === undefined).map((kind) => kind.type),
    ).toEqual([]);
    expect(availableIndicatorTypes()).toHaveLength(INDICATOR_KINDS.length);
  });

  it('names the constructor parameters as the indicators do in their own errors', () => {
    for (const kind of INDICATOR_KINDS) {
      const cls = indicatorClass(kind)!;
      kind.params.forEach((param, position) => {
        const args: unknown[] = [];
        args[position] = Number.NaN;
        let named: unknown;
        try {
          new cls(...args);
        } catch (error) {
          if (isQuantLabError(error, 'QL_ERR_INDICATOR_INVALID')) named = error.details?.param;
        }
        // MA types are checked by the shared resolver, which calls every one of them `maType`.
        const expected = /MAType$|maType$/.test(param) ? 'maType' : param;
        expect(named, `${kind.type} parameter ${position}`).toBe(expected);
      });
      // Every parameter has a default: `{ "type": … }` alone builds the indicator.
      expect(() => new cls()).not.toThrow();
    }
  });

  it('is documented in docs/strategy-spec.md, one table row per type with its params and outputs', () => {
    const doc = readFileSync(new URL('../../../docs/strategy-spec.md', import.meta.url), 'utf8');
    for (const kind of INDICATOR_KINDS) {
      const instance = new (indicatorClass(kind)!)();
      const params = kind.params.length === 0 ? '—' : kind.params.map((p) => `\`${p}\``).join(', ');
      const outputs = instance.outputs.map((o) => `\`${o}\``).join(', ');
      expect(doc).toContain(`| \`${kind.type}\` | ${params} | ${instance.input} | ${outputs} |`);
    }
  });

  it('finds types regardless of case, _ and -', () => {
    expect(findIndicatorKind('PLUS_DI')?.type).toBe('plusDi');
    expect(findIndicatorKind('volume-profile')?.type).toBe('volumeProfile');
    expect(findIndicatorKind('nope')).toBeUndefined();
  });
});
