// JSON schemas of the request bodies: Fastify validates every body before a handler runs
// (the changeset's entries are then checked by parseChangeset, naming the bad entry).
const text = (max: number) => ({ type: "string", minLength: 1, maxLength: max }) as const;

export const subscriptionsSchema = {
  type: "array",
  maxItems: 200,
  items: {
    type: "object",
    required: ["objectType", "queryString"],
    additionalProperties: false,
    properties: {
      name: { type: "string", maxLength: 200 },
      objectType: text(200),
      queryString: text(4000),
      args: { type: "array", maxItems: 50 },
    },
  },
} as const;

export const pushBodySchema = {
  type: "object",
  required: ["clientId", "pushId", "changeset", "subscriptions"],
  additionalProperties: false,
  properties: {
    clientId: text(200),
    pushId: text(200),
    changeset: {
      type: "object",
      required: ["format", "since", "objects", "tombstones"],
      additionalProperties: false,
      properties: {
        format: { const: 1 },
        since: { type: ["string", "null"], maxLength: 16 },
        objects: { type: "array", items: { type: "object" } },
        tombstones: { type: "array", items: { type: "object" } },
        problems: { type: "array" },
      },
    },
    subscriptions: subscriptionsSchema,
  },
} as const;

export const pullBodySchema = {
  type: "object",
  required: ["cursor", "subscriptions"],
  additionalProperties: false,
  properties: {
    cursor: { type: "integer", minimum: 0 },
    subscriptions: subscriptionsSchema,
    limit: { type: "integer", minimum: 1, maximum: 5000 },
  },
} as const;
