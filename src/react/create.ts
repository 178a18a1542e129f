// realm-field-recovery/react/create: `createUseTrackedWrite` alone. It imports `react` but not
// `@realm/react`, for apps whose realm comes from elsewhere: a `createRealmContext()` context,
// another provider, or a fake in tests.
export { createUseTrackedWrite } from "./create-use-tracked-write.js";
export type { TrackedWriter, UseRealmHook, UseTrackedWrite } from "./create-use-tracked-write.js";
export type { TrackedTransaction, TrackedWriteOptions } from "../tracking/index.js";
