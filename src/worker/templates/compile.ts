import { readFields, type Fields } from './fields.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { cleanSubject } from './format.ts';
import { toMjml, toText, type EmailLayout } from './markup.ts';
import { compileMjmlDocuments } from './compile-mjml.ts';
import { crlfLines } from '../transports/mime-message.ts';

/** A rendered email: a header-safe subject, the HTML part and the plain-text part. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Renders one message of a kind; rejects with TemplateError when the payload does not fit. */
export type EmailRenderer = (kind: string, payload: Record<string, unknown>) => Promise<RenderedEmail>;

/** An email kind: its subject and layout with `{{slot}}` markers, and how a payload fills the slots. */
export interface EmailDefinition extends EmailLayout {
  subject: string;
  values(fields: Fields): Readonly<Record<string, string>>;
}

/** Text cut at its slots: parts[i] precedes slots[i]; `urls[i]` says slots[i] sits in an href. */
interface SlotTemplate {
  parts: readonly string[];
  slots: readonly string[];
  urls: readonly boolean[];
}

const marker = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;
const placeholder = /GLSLOT_([A-Za-z][A-Za-z0-9]*)_Z/g;
const httpUrl = /^https?:\/\//;

function split(source: string, pattern: RegExp): SlotTemplate {
  const pieces = source.split(pattern);
  const parts = pieces.filter((_, i) => i % 2 === 0);
  if (parts.some((p) => p.includes('{{'))) throw new Error(`malformed slot marker in template: ${source.slice(0, 80)}`);
  return { parts, slots: pieces.filter((_, i) => i % 2 === 1), urls: parts.slice(0, -1).map((p) => /href=["']$/.test(p)) };
}

function fill(template: SlotTemplate, values: Readonly<Record<string, string>>, escape: (value: string) => string): string {
  let out = template.parts[0] ?? '';
  for (let i = 0; i < template.slots.length; i++) {
    const slot = template.slots[i]!;
    const value = values[slot];
    if (value === undefined) throw new Error(`template slot "${slot}" has no value`);
    if (template.urls[i] && !httpUrl.test(value)) throw new Error(`template slot "${slot}" is in an href but is not an http(s) URL`);
    out += escape(value) + template.parts[i + 1]!;
  }
  return out;
}

const keep = (value: string): string => value;


/** Every kind's MJML, slots replaced by inert placeholders, in the order defineEmail saw them. */
const mjmlSources: string[] = [];
let compiled: Promise<SlotTemplate[]> | undefined;

/**
 * Compiles every kind's MJML once, together, into HTML cut at its slots (in a child process: see
 * compile-mjml.ts). Slots become inert placeholders before MJML sees the markup, so values never
 * pass through MJML and each message is only a string fill.
 */
function compileAll(): Promise<SlotTemplate[]> {
  // Line ends made CRLF once, as an email carries them (RFC 5322 §2.1): the transport then copies
  // nothing to make them so (only a value with a line feed of its own is converted there).
  if (!compiled) {
    compiled = compileMjmlDocuments(mjmlSources).then((html) => html.map((h) => split(crlfLines(h), placeholder)));
    // A failed compile is tried again by the next message rather than remembered.
    compiled.catch(() => { compiled = undefined; });
  }
  return compiled;
}

/**
 * Makes the renderer of one email kind. The payload is validated before anything else; the MJML
 * of every kind is compiled on the first message of any (most of a second) and kept.
 */
export function defineEmail(definition: EmailDefinition): EmailRenderer {
  const subject = split(definition.subject, marker);
  const text = split(crlfLines(toText(definition)), marker);
  const index = mjmlSources.push(toMjml(definition).replace(marker, 'GLSLOT_$1_Z')) - 1;
  return async (kind, payload) => {
    const values = definition.values(readFields(kind, payload));
    const subjectLine = cleanSubject(fill(subject, values, keep));
    const html = (await compileAll())[index]!;
    return { subject: subjectLine, html: fill(html, { ...values, subject: subjectLine }, escapeHtml), text: fill(text, values, keep) };
  };
}
