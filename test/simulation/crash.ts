// Crash injection: a RealmLike wrapper around the fresh realm that "kills the app" (throws)
// at its n-th mutation inside a write transaction, so recovery can be stopped at any step.
import type { ObjectSchemaLike, PrimaryKeyValue, RealmLike, RealmObjectLike, ResultsLike, UpdateModeName } from "../../src/realm-like.js";

export class SimulatedCrash extends Error {
  constructor(readonly at: number) {
    super(`simulated crash at mutation ${at}`);
  }
}

/** Counts mutations (create, delete, property writes) and throws at number `crashAt`. */
export class CrashingRealm implements RealmLike {
  mutations = 0;
  readonly #targets = new WeakMap<object, object>();

  constructor(
    private readonly inner: RealmLike,
    private readonly crashAt = Number.POSITIVE_INFINITY,
  ) {}

  get schema(): readonly ObjectSchemaLike[] {
    return this.inner.schema;
  }
  get path(): string {
    return this.inner.path;
  }
  get isClosed(): boolean {
    return this.inner.isClosed;
  }
  get isInTransaction(): boolean {
    return this.inner.isInTransaction;
  }
  write<T>(callback: () => T): T {
    return this.inner.write(callback);
  }
  create(type: string, values: Record<string, unknown>, mode?: UpdateModeName | boolean): RealmObjectLike {
    this.#tick();
    return this.#wrap(this.inner.create(type, values, mode));
  }
  objectForPrimaryKey(type: string, primaryKey: PrimaryKeyValue): RealmObjectLike | null {
    const object = this.inner.objectForPrimaryKey(type, primaryKey);
    return object !== null && this.inner.isInTransaction ? this.#wrap(object) : object;
  }
  objects(type: string): ResultsLike {
    return this.inner.objects(type);
  }
  delete(subject: unknown): void {
    this.#tick();
    this.inner.delete(typeof subject === "object" && subject !== null ? (this.#targets.get(subject) ?? subject) : subject);
  }
  close(): void {
    this.inner.close();
  }

  #tick(): void {
    this.mutations++;
    if (this.mutations === this.crashAt) throw new SimulatedCrash(this.mutations);
  }

  #wrap(object: RealmObjectLike): RealmObjectLike {
    const proxy = new Proxy(object, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
      set: (target, property, value) => {
        this.#tick();
        return Reflect.set(target, property, value, target);
      },
    });
    this.#targets.set(proxy, object);
    return proxy;
  }
}
