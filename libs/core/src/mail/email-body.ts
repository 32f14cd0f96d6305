import escapeHtml from 'escape-html';

/**
 * The body of an email as blocks, rendered once to a plain-text and an HTML part so the two always
 * say the same thing. Every string is text: the HTML part escapes all of it (names of people,
 * organisations and alerts come from users).
 */
export type EmailBlock =
  | { paragraph: string }
  /** A call to action: the HTML part shows a link, the text part the label and the bare URL on a line of its own. */
  | { link: { label: string; url: string } }
  | { list: string[] };

export interface EmailBody {
  text: string;
  html: string;
}

function textOf(block: EmailBlock): string {
  if ('paragraph' in block) return block.paragraph;
  if ('link' in block) return `${block.link.label}:\n${block.link.url}`;
  return block.list.map((item) => `  - ${item}`).join('\n');
}

function htmlOf(block: EmailBlock): string {
  if ('paragraph' in block) return `<p>${escapeHtml(block.paragraph)}</p>`;
  if ('link' in block) {
    const { label, url } = block.link;
    return `<p><a href="${escapeHtml(url)}" style="font-weight:bold">${escapeHtml(label)}</a></p>\n<p style="font-size:smaller">Or copy this address into your browser: ${escapeHtml(url)}</p>`;
  }
  return `<ul>\n${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`;
}

export function renderEmail(title: string, blocks: readonly EmailBlock[]): EmailBody {
  return {
    text: blocks.map(textOf).join('\n\n'),
    html: [
      '<!DOCTYPE html>',
      '<html lang="en">',
      `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
      '<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#212b32">',
      ...blocks.map(htmlOf),
      '</body>',
      '</html>',
    ].join('\n'),
  };
}

/**
 * A page of the web app under APP_URL (no trailing slash). A token goes in the fragment, which
 * browsers never send to a server, so it stays out of access logs and Referer headers.
 */
export function appLink(appUrl: string, path: string, fragment?: string): string {
  const segments = path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  return `${appUrl}/${segments}${fragment === undefined ? '' : `#${encodeURIComponent(fragment)}`}`;
}
