// The subset of Realm Query Language this library understands, as one parser shared by the
// in-memory store's `filtered()` and the sync server's subscriptions: comparisons
// (== != < <= > >=, BEGINSWITH/ENDSWITH/CONTAINS with [c]), AND/OR/NOT, parentheses,
// TRUEPREDICATE/FALSEPREDICATE, literals (numbers, strings, true/false/null) and `$n` arguments.
// What a property path reads and how values compare is the caller's (`QueryHost`).

/** A compiled query: tests one row. */
export type Predicate<R> = (row: R) => boolean;

/** What the parser needs from its caller. */
export interface QueryHost<R> {
  /** The reader of a property path (`"miles"`, `"address.city"`), or a reason the path is refused. */
  property(path: string): ((row: R) => unknown) | { readonly refused: string };
  /** The form values are compared in (e.g. a Date as its milliseconds). */
  comparable(value: unknown): unknown;
  /** The error thrown for a query outside the subset. */
  invalid(query: string, why: string): Error;
}

const TOKEN = /\s*(\$\d+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|==|!=|<>|<=|>=|&&|\|\||[()<>=!]|\[c\]|[A-Za-z_@][\w.@]*)/iy;

/** The query's tokens (operators, literals, `$n`, property paths); throws `host.invalid` on stray input. */
export function tokenize(query: string, invalid: (query: string, why: string) => Error): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < query.length) {
    if (/^\s*$/.test(query.slice(index))) break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(query);
    if (!match || match[1] === undefined) throw invalid(query, `unexpected input at offset ${index}`);
    tokens.push(match[1]);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

/** Compiles `query` with its `$n` arguments into a predicate over the host's rows. */
export function compilePredicate<R>(query: string, args: readonly unknown[], host: QueryHost<R>): Predicate<R> {
  type Operand = (row: R) => unknown;
  const invalid = (why: string): Error => host.invalid(query, why);
  const tokens = tokenize(query, host.invalid);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw invalid("unexpected end");
    return token;
  };
  const isWord = (token: string | undefined, word: string): boolean => token !== undefined && token.toUpperCase() === word;

  function operand(): Operand {
    const token = next();
    if (token.startsWith("$")) {
      const index = Number(token.slice(1));
      if (index >= args.length) throw invalid(`missing argument ${token}`);
      const value = args[index];
      return () => value;
    }
    if (token.startsWith('"') || token.startsWith("'")) {
      const value = token.slice(1, -1).replace(/\\(.)/g, "$1");
      return () => value;
    }
    if (/^-?\d/.test(token)) {
      const value = Number(token);
      return () => value;
    }
    if (isWord(token, "TRUE")) return () => true;
    if (isWord(token, "FALSE")) return () => false;
    if (isWord(token, "NULL") || isWord(token, "NIL")) return () => null;
    const reader = host.property(token);
    if (typeof reader !== "function") throw invalid(reader.refused);
    return reader;
  }

  function comparison(): Predicate<R> {
    const token = peek();
    if (token === "(") {
      next();
      const inner = or();
      if (next() !== ")") throw invalid("expected ')'");
      return inner;
    }
    if (token === "!" || isWord(token, "NOT")) {
      next();
      const inner = comparison();
      return (row) => !inner(row);
    }
    if (isWord(token, "TRUEPREDICATE")) {
      next();
      return () => true;
    }
    if (isWord(token, "FALSEPREDICATE")) {
      next();
      return () => false;
    }
    const left = operand();
    const op = next().toUpperCase();
    let caseInsensitive = false;
    if (peek()?.toLowerCase() === "[c]") {
      next();
      caseInsensitive = true;
    }
    const right = operand();
    const text = (value: unknown): string => (caseInsensitive ? String(value).toLowerCase() : String(value));
    const equal = (a: unknown, b: unknown): boolean => {
      const x = host.comparable(a);
      const y = host.comparable(b);
      if (caseInsensitive && typeof x === "string" && typeof y === "string") return x.toLowerCase() === y.toLowerCase();
      if ((x === null || x === undefined) && (y === null || y === undefined)) return true;
      return x === y;
    };
    const order = (a: unknown, b: unknown, test: (comparison: number) => boolean): boolean => {
      const x = host.comparable(a);
      const y = host.comparable(b);
      if (typeof x === "number" && typeof y === "number") return test(x - y);
      if (typeof x === "string" && typeof y === "string") return test(x < y ? -1 : x > y ? 1 : 0);
      return false;
    };
    switch (op) {
      case "==":
      case "=":
        return (row) => equal(left(row), right(row));
      case "!=":
      case "<>":
        return (row) => !equal(left(row), right(row));
      case "<":
        return (row) => order(left(row), right(row), (c) => c < 0);
      case "<=":
        return (row) => order(left(row), right(row), (c) => c <= 0);
      case ">":
        return (row) => order(left(row), right(row), (c) => c > 0);
      case ">=":
        return (row) => order(left(row), right(row), (c) => c >= 0);
      case "BEGINSWITH":
        return (row) => typeof left(row) === "string" && text(left(row)).startsWith(text(right(row)));
      case "ENDSWITH":
        return (row) => typeof left(row) === "string" && text(left(row)).endsWith(text(right(row)));
      case "CONTAINS":
        return (row) => typeof left(row) === "string" && text(left(row)).includes(text(right(row)));
      default:
        throw invalid(`unsupported operator '${op}'`);
    }
  }

  function and(): Predicate<R> {
    let left = comparison();
    while (peek() === "&&" || isWord(peek(), "AND")) {
      next();
      const a = left;
      const b = comparison();
      left = (row) => a(row) && b(row);
    }
    return left;
  }

  function or(): Predicate<R> {
    let left = and();
    while (peek() === "||" || isWord(peek(), "OR")) {
      next();
      const a = left;
      const b = and();
      left = (row) => a(row) || b(row);
    }
    return left;
  }

  const predicate = or();
  if (at !== tokens.length) throw invalid(`unexpected '${tokens[at] ?? ""}'`);
  return predicate;
}
