import { describe, expect, test } from 'vitest';
import { escapeHtml } from './escape-html.ts';

describe('escapeHtml', () => {
  test('escapes the five characters that end text or a quoted attribute, and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;');
    expect(escapeHtml('plain text, é, 😀')).toBe('plain text, é, 😀');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});
