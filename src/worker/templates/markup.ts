import { escapeHtml } from '../../text/escape-html.ts';

/**
 * One piece of an email's body, written once and turned into both the MJML (HTML part) and the
 * plain-text part. Copy is our own text with markers: `{{slot}}` for a value, `**x**` for bold,
 * `[[slot]]` for a link that shows its URL, and a newline for a line break.
 */
export type Block =
  | { type: 'heading' | 'paragraph' | 'note'; copy: string }
  | { type: 'button'; label: string; url: string };

/** The parts of an email that surround its blocks. */
export interface EmailLayout {
  preview: string;
  blocks: readonly Block[];
  footer: string;
}

/** A title line at the top of the body. */
export const heading = (copy: string): Block => ({ type: 'heading', copy });
/** A paragraph of body text. */
export const paragraph = (copy: string): Block => ({ type: 'paragraph', copy });
/** A paragraph in muted, smaller type (e.g. "you can ignore this email"). */
export const note = (copy: string): Block => ({ type: 'note', copy });
/** The call to action: a button to the URL in `url`, followed by the same link as text. */
export const button = (label: string, url: string): Block => ({ type: 'button', label, url });

const linkStyle = 'color:#0b5cad;word-break:break-all;';

function inlineHtml(copy: string): string {
  return escapeHtml(copy)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[\[(\w+)\]\]/g, `<a href="{{$1}}" style="${linkStyle}">{{$1}}</a>`)
    .replaceAll('\n', '<br />');
}

function inlineText(copy: string): string {
  return copy.replaceAll('**', '').replace(/\[\[(\w+)\]\]/g, '{{$1}}');
}

function blockMjml(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `<mj-text font-size="20px" line-height="28px" font-weight="700">${inlineHtml(block.copy)}</mj-text>`;
    case 'paragraph':
      return `<mj-text>${inlineHtml(block.copy)}</mj-text>`;
    case 'note':
      return `<mj-text font-size="13px" line-height="20px" color="#57606a">${inlineHtml(block.copy)}</mj-text>`;
    case 'button':
      return [
        `<mj-button href="{{${block.url}}}" align="left">${escapeHtml(block.label)}</mj-button>`,
        blockMjml(note(`If the button doesn't work, paste this link into your browser:\n[[${block.url}]]`)),
      ].join('\n');
  }
}

/** The whole MJML document; `{{subject}}` is the message's subject. */
export function toMjml(layout: EmailLayout): string {
  return `<mjml lang="en">
  <mj-head>
    <mj-title>{{subject}}</mj-title>
    <mj-preview>${inlineHtml(layout.preview)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="23px" color="#1f2328" />
      <mj-button background-color="#0b5cad" color="#ffffff" font-size="15px" font-weight="600" border-radius="6px" inner-padding="12px 24px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f6f8fa">
    <mj-section padding="24px 0 8px">
      <mj-column><mj-text font-size="18px" font-weight="700">Guestlist</mj-text></mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-radius="8px" padding="16px 0">
      <mj-column>
${layout.blocks.map(blockMjml).join('\n')}
      </mj-column>
    </mj-section>
    <mj-section padding="8px 0 24px">
      <mj-column>${blockMjml(note(layout.footer))}</mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/** The plain-text part, with `{{slot}}` markers left for the values. */
export function toText(layout: EmailLayout): string {
  const body = layout.blocks.map((b) => (b.type === 'button' ? `${b.label}:\n{{${b.url}}}` : inlineText(b.copy)));
  return `${body.join('\n\n')}\n\n-- \n${inlineText(layout.footer)}\n`;
}
