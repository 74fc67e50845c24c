// OData $filter over directory objects, as Graph reads it: eq, ne, in, startsWith, endsWith, not, and,
// or, parentheses, string/boolean/null literals. ne, not and endsWith are advanced-query operators:
// the caller learns which one was used, and query.ts decides whether the request may use it.
import { unsupportedQuery } from "./errors.ts";

export interface FilterModel<T> {
  /** "User", "Group": how Graph names the resource in its messages. */
  entity: string;
  get(item: T, prop: string): unknown;
  /** Properties that take eq, ne, not and in. */
  equality: readonly string[];
  startsWith: readonly string[];
  endsWith: readonly string[];
}

export type Predicate<T> = (item: T) => boolean;
export interface ParsedFilter<T> {
  test: Predicate<T>;
  /** The first operator used that Graph supports only in advanced queries. */
  advanced?: "ne" | "not" | "endsWith";
}

type Literal = string | boolean | null;
type Token =
  { kind: "word"; text: string } | { kind: "string"; value: string } | { kind: "punct"; text: "(" | ")" | "," };

function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:'((?:[^']|'')*)'|([(),])|([A-Za-z_$][\w.$/]*))/y;
  let at = 0;
  while (at < raw.length) {
    if (/^\s*$/.test(raw.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(raw);
    if (!m) throw invalid();
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: "string", value: m[1].replace(/''/g, "'") });
    else if (m[2]) tokens.push({ kind: "punct", text: m[2] as "(" | ")" | "," });
    else tokens.push({ kind: "word", text: m[3] });
  }
  return tokens;
}

const invalid = () => unsupportedQuery("Invalid filter clause");

const equalsValue = (have: unknown, want: Literal) =>
  want === null
    ? have === null || have === undefined
    : typeof want === "string"
      ? typeof have === "string" && have.toLowerCase() === want.toLowerCase()
      : have === want;

class Parser<T> {
  private i = 0;
  advanced?: ParsedFilter<T>["advanced"];
  constructor(
    private readonly tokens: Token[],
    private readonly model: FilterModel<T>,
  ) {}

  parse(): Predicate<T> {
    const p = this.or();
    if (this.i !== this.tokens.length) throw invalid();
    return p;
  }
  private peekWord(word: string): boolean {
    const t = this.tokens[this.i];
    return t?.kind === "word" && t.text.toLowerCase() === word;
  }
  private expect(text: "(" | ")" | ","): void {
    const t = this.tokens[this.i++];
    if (t?.kind !== "punct" || t.text !== text) throw invalid();
  }
  private uses(op: "ne" | "not" | "endsWith"): void {
    this.advanced ??= op;
  }
  private or(): Predicate<T> {
    let left = this.and();
    while (this.peekWord("or")) {
      this.i++;
      const [a, b] = [left, this.and()];
      left = (x) => a(x) || b(x);
    }
    return left;
  }
  private and(): Predicate<T> {
    let left = this.unary();
    while (this.peekWord("and")) {
      this.i++;
      const [a, b] = [left, this.unary()];
      left = (x) => a(x) && b(x);
    }
    return left;
  }
  private unary(): Predicate<T> {
    if (this.peekWord("not")) {
      this.i++;
      this.uses("not");
      const inner = this.unary();
      return (x) => !inner(x);
    }
    const t = this.tokens[this.i];
    if (t?.kind === "punct" && t.text === "(") {
      this.i++;
      const inner = this.or();
      this.expect(")");
      return inner;
    }
    return this.comparison();
  }
  private property(allowed: readonly string[], name: string): string {
    const prop = allowed.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!prop)
      throw unsupportedQuery(
        `Unsupported or invalid query filter clause specified for property '${name}' of resource '${this.model.entity}'.`,
      );
    return prop;
  }
  private literal(): Literal {
    const t = this.tokens[this.i++];
    if (t?.kind === "string") return t.value;
    if (t?.kind === "word" && ["true", "false", "null"].includes(t.text.toLowerCase()))
      return t.text.toLowerCase() === "null" ? null : t.text.toLowerCase() === "true";
    throw invalid();
  }
  private comparison(): Predicate<T> {
    const t = this.tokens[this.i++];
    if (t?.kind !== "word") throw invalid();
    const fn = t.text.toLowerCase();
    if (fn === "startswith" || fn === "endswith") {
      this.expect("(");
      const name = this.tokens[this.i++];
      if (name?.kind !== "word") throw invalid();
      const prop = this.property(fn === "startswith" ? this.model.startsWith : this.model.endsWith, name.text);
      this.expect(",");
      const value = this.literal();
      this.expect(")");
      if (typeof value !== "string") throw invalid();
      if (fn === "endswith") this.uses("endsWith");
      const v = value.toLowerCase();
      return (x) => {
        const have = this.model.get(x, prop);
        return (
          typeof have === "string" &&
          (fn === "startswith" ? have.toLowerCase().startsWith(v) : have.toLowerCase().endsWith(v))
        );
      };
    }
    const op = this.tokens[this.i++];
    if (op?.kind !== "word") throw invalid();
    const prop = this.property(this.model.equality, t.text);
    switch (op.text.toLowerCase()) {
      case "eq":
      case "ne": {
        const value = this.literal();
        const negate = op.text.toLowerCase() === "ne";
        if (negate) this.uses("ne");
        return (x) => equalsValue(this.model.get(x, prop), value) !== negate;
      }
      case "in": {
        this.expect("(");
        const values = [this.literal()];
        while (this.tokens[this.i]?.kind === "punct" && (this.tokens[this.i] as { text: string }).text === ",") {
          this.i++;
          values.push(this.literal());
        }
        this.expect(")");
        return (x) => values.some((v) => equalsValue(this.model.get(x, prop), v));
      }
      default:
        throw unsupportedQuery(
          `Unsupported or invalid query filter clause specified for property '${prop}' of resource '${this.model.entity}'.`,
        );
    }
  }
}

export function parseFilter<T>(model: FilterModel<T>, raw: string): ParsedFilter<T> {
  const parser = new Parser(tokenize(raw), model);
  const test = parser.parse();
  return { test, advanced: parser.advanced };
}
