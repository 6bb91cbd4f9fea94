import { describe, expect, it } from 'vitest';
import {
  hasStyling,
  MAX_QUOTE_DEPTH,
  parseSpans,
  parseStyling,
  spansText,
  type Span,
} from './styling';

/** A compact picture of spans: *x* for strong, _x_ emphasis, ~x~ strike, `x` code, in brackets. */
function shape(spans: Span[]): string {
  return spans
    .map((span) => {
      if (span.kind === 'plain') return span.text;
      if (span.kind === 'code') return `[code:${span.text}]`;
      return `[${span.kind}:${shape(span.children)}]`;
    })
    .join('');
}

const styled = (line: string) => shape(parseSpans(line));

describe('XEP-0393 spans', () => {
  it.each([
    ['*strong*', '[strong:strong]'],
    ['plain *strong* plain', 'plain [strong:strong] plain'],
    ['*strong* plain *strong*', '[strong:strong] plain [strong:strong]'],
    ['*strong*plain*', '[strong:strong]plain*'],
    ['* plain *strong*', '* plain [strong:strong]'],
    ['Everyone ~dis~likes cake.', 'Everyone [strike:dis]likes cake.'],
    [
      'The full title is _Twelfth Night, or What You Will_ but',
      'The full title is [emphasis:Twelfth Night, or What You Will] but',
    ],
    ['Wow, I can write in `monospace`!', 'Wow, I can write in [code:monospace]!'],
    ['This is `*monospace*`', 'This is [code:*monospace*]'],
    ['This is *`monospace and bold`*', 'This is [strong:[code:monospace and bold]]'],
    [
      '_emphasized span containing *strong span*_',
      '[emphasis:emphasized span containing [strong:strong span]]',
    ],
    ['*_both_*', '[strong:[emphasis:both]]'],
  ])('styles %j', (line, expected) => {
    expect(styled(line)).toBe(expected);
  });

  it.each([
    'not strong*',
    '*not strong',
    '*not *strong',
    '**',
    '****',
    '* not strong*',
    '*not strong *',
    'a*b*c',
    'snake_case_name',
    '~ ~',
    '``',
  ])('leaves %j unstyled', (line) => {
    expect(parseSpans(line)).toEqual(line ? [{ kind: 'plain', text: line }] : []);
  });

  it('does not style inside a preformatted span', () => {
    expect(parseSpans('`*a* _b_ ~c~`')).toEqual([
      { kind: 'code', marker: '`', text: '*a* _b_ ~c~' },
    ]);
  });

  it('does not open a span with a doubled directive', () => {
    expect(styled('**a**')).toBe('**a**');
    expect(styled('__a_')).toBe('__a_');
    expect(styled('*a**')).toBe('[strong:a]*');
  });

  it('keeps every character of the line', () => {
    for (const line of ['*a _b ~c `d` e~ f_ g*', '_x*_y_*', '*`x`*_~y~_']) {
      expect(spansText(parseSpans(line))).toBe(line);
    }
  });
});

describe('XEP-0393 blocks', () => {
  it('does not let a span cross lines', () => {
    const lines = parseStyling(
      'There are three blocks,\nbut there is no *formatting\nas spans* may not escape blocks.',
    );
    expect(lines.map((l) => l.kind)).toEqual(['plain', 'plain', 'plain']);
    expect(hasStyling(lines)).toBe(false);
    expect(hasStyling(parseStyling('*not \n strong*'))).toBe(false);
  });

  it('reads a preformatted block up to its closing fence, unstyled', () => {
    const lines = parseStyling('```ignored\n(println "*Hello*")\n```\n\n*after*');
    expect(lines.map((l) => [l.kind, l.block, l.text])).toEqual([
      ['fence', 0, '```ignored'],
      ['pre', 0, '(println "*Hello*")'],
      ['fence', 0, '```'],
      ['plain', -1, ''],
      ['plain', -1, '*after*'],
    ]);
    expect(shape(lines[4]!.spans)).toBe('[strong:after]');
  });

  it('ends an unclosed preformatted block with its parent quotation', () => {
    const lines = parseStyling(
      '> ```\n> (println "Hello, world!")\n\nThe entire blockquote is a preformatted text block, but this line\nis *plaintext*!',
    );
    expect(lines.map((l) => [l.kind, l.depth, l.quote, l.text])).toEqual([
      ['fence', 1, '> ', '```'],
      ['pre', 1, '> ', '(println "Hello, world!")'],
      ['plain', 0, '', ''],
      ['plain', 0, '', 'The entire blockquote is a preformatted text block, but this line'],
      ['plain', 0, '', 'is *plaintext*!'],
    ]);
    expect(shape(lines[4]!.spans)).toBe('is [strong:plaintext]!');
  });

  it('runs an unclosed preformatted block to the end of the message', () => {
    const lines = parseStyling('```\n*a*\n> b');
    expect(lines.map((l) => l.kind)).toEqual(['fence', 'pre', 'pre']);
    expect(lines.every((l) => l.depth === 0)).toBe(true);
  });

  it('parses quotations, nested ones, and trims one whitespace after ">"', () => {
    const lines = parseStyling('>> That that is, is.\n> Said the *old* hermit of Prague.\n\nWho?');
    expect(lines.map((l) => [l.depth, l.quote, l.text])).toEqual([
      [2, '>> ', 'That that is, is.'],
      [1, '> ', 'Said the *old* hermit of Prague.'],
      [0, '', ''],
      [0, '', 'Who?'],
    ]);
    expect(shape(lines[1]!.spans)).toBe('Said the [strong:old] hermit of Prague.');
    expect(parseStyling('>  two spaces')[0]).toMatchObject({ quote: '> ', text: ' two spaces' });
    expect(parseStyling('> > spaced')[0]).toMatchObject({
      depth: 2,
      quote: '> > ',
      text: 'spaced',
    });
  });

  it('keeps a ">" line inside a quoted preformatted block as text, not a nested quote', () => {
    const lines = parseStyling('> ```\n> > not a quote\n> ```');
    expect(lines.map((l) => [l.kind, l.depth, l.text])).toEqual([
      ['fence', 1, '```'],
      ['pre', 1, '> not a quote'],
      ['fence', 1, '```'],
    ]);
  });

  it('bounds quotation depth: deeper ">" stay text', () => {
    const body = '>'.repeat(10_000) + ' deep';
    const [line] = parseStyling(body);
    expect(line!.depth).toBe(MAX_QUOTE_DEPTH);
    expect(line!.quote + line!.text).toBe(body);
  });

  it('parses a long line of unclosed openers in linear-ish time', () => {
    const line = '_a '.repeat(30_000) + '*b '.repeat(30_000);
    const started = performance.now();
    expect(parseSpans(line)).toEqual([{ kind: 'plain', text: line }]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
