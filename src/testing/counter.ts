// The Counter presentation of an `int` property (realm >= 12.10): read as an object whose
// methods change the value inside a write transaction.
import type { Engine } from "./engine.js";
import { MemoryRealmError, typeError } from "./errors.js";
import { Kind as KINDS } from "./property-kind.js";
import type { PropertyPlan } from "./property-kind.js";
import type { Row } from "./row.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** A Realm-style Counter over an `int` property declared `"counter"`. */
export class MemoryCounter {
  /** @internal the store creates these; apps get them from objects. */
  constructor(
    private readonly engine: Engine,
    private readonly row: Row,
    private readonly plan: PropertyPlan,
  ) {}

  get value(): number {
    this.engine.assertAlive(this.row);
    return Number(this.row.values[this.plan.name]);
  }

  set value(_: number) {
    throw new MemoryRealmError("INVALID_OPERATION", "To update the value, use the methods on the Counter.");
  }

  /** Adds `by` (in a write transaction), like Realm's `Counter.increment`. */
  increment(by = 1): void {
    this.engine.assertWritable();
    if (!Number.isInteger(by)) throw typeError("an integer", by, {}, "by");
    this.add(by);
  }

  /** Subtracts `by` (in a write transaction). */
  decrement(by = 1): void {
    this.engine.assertWritable();
    if (!Number.isInteger(by)) throw typeError("an integer", by, {}, "by");
    this.add(-by);
  }

  /** Sets the value (in a write transaction). */
  set(value: number): void {
    this.engine.assertWritable();
    if (!Number.isInteger(value)) throw typeError("an integer", value, {}, "value");
    this.put(value);
  }

  private add(delta: number): void {
    this.engine.assertAlive(this.row);
    this.put(Number(this.row.values[this.plan.name]) + delta);
  }

  private put(value: number): void {
    // The engine's counter rule only lets `write` reset; counters go through `writeCounter`.
    writeCounter(this.engine, this.row, this.plan, value);
  }
}

// The primitive twin of each counter plan, made once: counters are written on every tracked write.
const primitivePlans = new WeakMap<PropertyPlan, PropertyPlan>();

function writeCounter(engine: Engine, row: Row, plan: PropertyPlan, value: number): void {
  // A primitive-kind write of the same property: same guards, undo and change bookkeeping.
  let primitive = primitivePlans.get(plan);
  if (primitive === undefined) primitivePlans.set(plan, (primitive = { ...plan, kind: Kind.Primitive }));
  engine.write(row, primitive, value, false);
}
