// Defence in depth for spans we do not write ourselves: Next.js names its request spans after the raw
// URL (the sign-in callback's ?code=…&state=…), and instrumentations may record headers. Before a span
// ends, this scrubs its name, attributes and event attributes for every exporter.
import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";

const REDACTED = "[redacted]";
const SECRET_PARAM =
  /([?&#;](?:code|state|session_state|spa_code|id_token|access_token|refresh_token|client_secret|client_assertion|assertion|token|password|claims)=)[^&#\s"]*/gi;
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const SECRET_KEY = /authorization|cookie|token|secret|password|assertion|credential|api[-_]?key/i;

export function redactText(text: string): string {
  return text.replace(JWT, REDACTED).replace(SECRET_PARAM, `$1${REDACTED}`);
}

type Attrs = Record<string, unknown>;

function scrubbed(attributes: Attrs): Attrs | undefined {
  let changed: Attrs | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    const clean = SECRET_KEY.test(key)
      ? REDACTED
      : typeof value === "string"
        ? redactText(value)
        : Array.isArray(value)
          ? value.map((v) => (typeof v === "string" ? redactText(v) : v))
          : value;
    if (JSON.stringify(clean) !== JSON.stringify(value)) (changed ??= {})[key] = clean;
  }
  return changed;
}

export class RedactingSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    const name = redactText(span.name);
    if (name !== span.name) span.updateName(name);
    const changed = scrubbed(span.attributes as Attrs);
    if (changed) span.setAttributes(changed as Span["attributes"]);
    for (const event of span.events) {
      const fixes = event.attributes && scrubbed(event.attributes as Attrs);
      if (fixes) Object.assign(event.attributes!, fixes);
    }
  }

  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
