/**
 * JSON text of a spec file: parsing with a location for syntax errors. V8 names the position of some
 * mistakes but not of the commonest in hand-written files (a trailing comma in an array, a comment, single
 * quotes, NaN: "Unexpected token …"), so a small scanner finds where the text stops being JSON.
 */

import { specInvalidError } from './issues.js';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

class SyntaxStop {
  constructor(readonly at: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Offset of the first character that breaks JSON's grammar, or undefined when `text` is JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const stop = (): never => {
    throw new SyntaxStop(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const expect = (char: string): void => {
    space();
    if (text[i] !== char) stop();
    i += 1;
  };
  const string = (): void => {
    i += 1;
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i += 1;
        return;
      }
      if (char < ' ') stop();
      if (char === '\\') {
        i += 1;
        if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) stop();
      }
      i += 1;
    }
    stop();
  };
  const sequence = (close: string, item: () => void): void => {
    i += 1;
    space();
    if (text[i] === close) {
      i += 1;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === close) {
        i += 1;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      sequence('}', () => {
        space();
        if (text[i] !== '"') stop();
        string();
        expect(':');
        value();
      });
    } else if (char === '[') sequence(']', value);
    else if (char === '"') string();
    else {
      for (const word of ['true', 'false', 'null']) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return;
        }
      }
      NUMBER.lastIndex = i;
      if (NUMBER.exec(text) === null) stop();
      i = NUMBER.lastIndex;
    }
  };
  try {
    value();
    space();
    if (i < text.length) stop();
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxStop) return error.at;
    throw error;
  }
}

/** Parses JSON text; a syntax error is QL_ERR_STRATEGY_SPEC_INVALID with `line L, column C`. */
export function parseSpecJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const offset = jsonErrorOffset(text);
    const where =
      offset === undefined
        ? ''
        : (({ line, column }) => `line ${line}, column ${column}: `)(lineColumn(text, offset));
    throw specInvalidError([{ path: '(root)', message: `not valid JSON: ${where}${reason}` }], source);
  }
}
