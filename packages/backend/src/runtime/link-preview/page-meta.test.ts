import { describe, expect, it } from 'vitest';
import { pageMeta } from './page-meta.js';

const url = new URL('https://news.example.org/a/1');

describe('reading a page for its link card', () => {
  it('prefers OpenGraph, in the head', () => {
    const html = `<!doctype html><html><head><title>Plain title</title>
      <meta property="og:title" content="The  OG
      title"><meta property="og:description" content="What it is about">
      <meta property="og:site_name" content="Example News"></head>
      <body><meta property="og:title" content="not this one"></body></html>`;
    expect(pageMeta(html, url)).toEqual({
      title: 'The OG title',
      description: 'What it is about',
      site: 'Example News',
    });
  });

  it('falls back to <title>, the description meta and the host name', () => {
    const html = '<title>Hello &amp; welcome</title><meta name="description" content="d">';
    expect(pageMeta(html, url)).toEqual({
      title: 'Hello & welcome',
      description: 'd',
      site: 'news.example.org',
    });
  });

  it('keeps markup as text, bounds lengths, drops direction overrides', () => {
    const html = `<title>&lt;img src=x onerror=alert(1)&gt;\u202e evil</title>
      <meta name="description" content="${'x'.repeat(1000)}">`;
    const meta = pageMeta(html, url)!;
    expect(meta.title).toBe('<img src=x onerror=alert(1)> evil');
    expect(meta.description.length).toBeLessThanOrEqual(300);
  });

  it('nothing worth a card: null', () => {
    expect(pageMeta('<html><body><p>just text</p></body></html>', url)).toBeNull();
    expect(pageMeta('', url)).toBeNull();
  });
});
