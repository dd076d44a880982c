/**
 * Where a JSON text first goes wrong. Node 20's JSON.parse names the bad token but not always its position,
 * and "line 3, column 14" is what a person needs to fix a file. Only run after JSON.parse failed.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class Scanner {
  i = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw this.i;
  }

  skip(): void {
    while (this.i < this.text.length && WHITESPACE.has(this.text[this.i]!)) this.i++;
  }

  expect(ch: string): void {
    this.skip();
    if (this.text[this.i] !== ch) this.fail();
    this.i++;
  }

  match(pattern: RegExp): void {
    pattern.lastIndex = this.i;
    if (!pattern.test(this.text)) this.fail();
    this.i = pattern.lastIndex;
  }

  /** A string literal: no raw control characters, only JSON's escapes. */
  string(): void {
    if (this.text[this.i] !== '"') this.fail();
    this.i++;
    for (;;) {
      const code = this.text.charCodeAt(this.i);
      if (Number.isNaN(code) || code < 0x20) this.fail();
      if (code === 0x22) {
        this.i++;
        return;
      }
      if (code === 0x5c) this.match(ESCAPE);
      else this.i++;
    }
  }

  value(): void {
    this.skip();
    const ch = this.text[this.i];
    if (ch === '{')
      this.sequence('}', () => {
        this.skip();
        this.string();
        this.expect(':');
        this.value();
      });
    else if (ch === '[') this.sequence(']', () => this.value());
    else if (ch === '"') this.string();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) this.match(NUMBER);
    else {
      const literal = ['true', 'false', 'null'].find((word) => this.text.startsWith(word, this.i));
      if (literal === undefined) this.fail();
      this.i += literal.length;
    }
  }

  private sequence(close: string, item: () => void): void {
    this.i++;
    this.skip();
    if (this.text[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      this.skip();
      if (this.text[this.i] === close) {
        this.i++;
        return;
      }
      this.expect(',');
    }
  }
}

/** The 1-based line and column of the first syntax error, or undefined when the text is valid JSON. */
export function jsonErrorPosition(text: string): { line: number; column: number } | undefined {
  const scanner = new Scanner(text);
  let offset: number;
  try {
    scanner.value();
    scanner.skip();
    if (scanner.i === text.length) return undefined;
    offset = scanner.i;
  } catch (thrown) {
    if (typeof thrown !== 'number') throw thrown;
    offset = thrown;
  }
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
