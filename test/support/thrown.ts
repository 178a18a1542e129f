// The error a call throws, for assertions on its class and fields (undefined when it returns).
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
