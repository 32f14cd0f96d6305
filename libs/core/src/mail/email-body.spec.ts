import { appLink, renderEmail } from './email-body';

describe('appLink', () => {
  it.each([
    ['https://pulse.example.nhs.uk', 'pulse', 'abc_-1', 'https://pulse.example.nhs.uk/pulse#abc_-1'],
    ['https://example.org/app', '/alerts/6f1c', undefined, 'https://example.org/app/alerts/6f1c'],
    ['http://localhost:3000', 'account/reset-password', 'a b#c', 'http://localhost:3000/account/reset-password#a%20b%23c'],
    ['http://localhost:3000', 'invitations/<x>', undefined, 'http://localhost:3000/invitations/%3Cx%3E'],
  ])('%s + %s #%s is %s', (base, path, fragment, expected) => {
    expect(appLink(base, path, fragment)).toBe(expected);
  });
});

describe('renderEmail', () => {
  const body = renderEmail('Hello <you>', [
    { paragraph: 'Dear <b>Eve</b> & co,' },
    { link: { label: 'Open "the" form', url: 'https://x.example/pulse#t?a=1&b=2' } },
    { list: ['one < two', 'three'] },
  ]);

  it('says the same in plain text, with each link on a line of its own', () => {
    expect(body.text).toBe('Dear <b>Eve</b> & co,\n\nOpen "the" form:\nhttps://x.example/pulse#t?a=1&b=2\n\n  - one < two\n  - three');
  });

  it('escapes every string in the HTML part', () => {
    expect(body.html).toContain('<title>Hello &lt;you&gt;</title>');
    expect(body.html).toContain('<p>Dear &lt;b&gt;Eve&lt;/b&gt; &amp; co,</p>');
    expect(body.html).toContain('<a href="https://x.example/pulse#t?a=1&amp;b=2" style="font-weight:bold">Open &quot;the&quot; form</a>');
    expect(body.html).toContain('<li>one &lt; two</li>');
    expect(body.html).not.toContain('<b>');
  });
});
