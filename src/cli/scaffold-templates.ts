/**
 * Shared pieces of the `orderhub connectors new` templates: the names derived from a connector id, and the
 * files every connector has whatever its kind. Kind-specific files live in scaffold-source*.ts and
 * scaffold-destination.ts. Templates are plain functions returning text; scaffold.ts formats them with prettier.
 */

/** Every spelling of a connector's name the templates need. */
export interface Names {
  /** The kebab-case id, e.g. `acme-shop`. */
  id: string;
  /** Display name for people, e.g. `Acme Shop`. */
  name: string;
  /** PascalCase for type names, e.g. `AcmeShop`. */
  pascal: string;
  /** SCREAMING_SNAKE prefix of error codes, e.g. `ACME_SHOP`. */
  code: string;
  /** The display name as a single-quoted TypeScript string literal. */
  nameLiteral: string;
}

/** Kebab-case: a lower-case letter first, then lower-case letters and digits in dash-separated words. */
export const CONNECTOR_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Derives every spelling from an id and an optional display name. */
export function namesFor(id: string, displayName?: string): Names {
  const words = id.split('-');
  const name = displayName ?? words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return {
    id,
    name,
    pascal: words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
    code: words.map((w) => w.toUpperCase()).join('_'),
    nameLiteral: `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  };
}

/** The files of one scaffolded connector, by path relative to the repository root. */
export type FileSet = Record<string, string>;

/** Test settings shared by the generated tests and README examples; the values are fictitious. */
export const TEST_BASE_URL = 'https://api.example.com/v1';

/** `config.ts` of either kind: a strict schema whose secret is `writeOnly`. */
export function configTemplate(n: Names, kind: 'source' | 'destination'): string {
  const access = kind === 'source' ? 'read orders' : 'create and cancel orders';
  return `import type { ConfigSchema } from '../../src/sdk';

/** Connector id; connection configs name it, so it never changes. */
export const CONNECTOR_ID = '${n.id}';

/**
 * The one upstream API version this connector is written against. TODO: pin the version whose documentation
 * you followed; a newer version is a new connector version, tested against new fixtures.
 */
export const API_VERSION = 'v1';

/** Settings of one ${n.name} connection. */
export interface ${n.pascal}Config {
  /** Base URL of the ${n.name} API, e.g. \`${TEST_BASE_URL}\`. */
  baseUrl: string;
  /** API key sent as a bearer token; needs permission to ${access}. Secret. */
  apiKey: string;
}

/** JSON Schema (2020-12) of \`${n.pascal}Config\`; \`writeOnly\` fields are encrypted at rest and redacted in logs. */
export const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl', 'apiKey'],
  properties: {
    baseUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https://',
      maxLength: 2048,
      title: 'API base URL',
      description: 'Base URL of the API, e.g. ${TEST_BASE_URL}.',
    },
    apiKey: {
      type: 'string',
      minLength: 1,
      writeOnly: true,
      title: 'API key',
      description: 'An API key allowed to ${access}.',
    },
  },
};
`;
}

/** Shared sections of both README templates. */
function settingsTable(n: Names, kind: 'source' | 'destination'): string {
  const access = kind === 'source' ? 'read orders' : 'create and cancel orders';
  return `## Settings

| setting   | required | what it does                                                                            |
| --------- | -------- | --------------------------------------------------------------------------------------- |
| \`baseUrl\` | yes      | Base URL of the ${n.name} API, e.g. \`${TEST_BASE_URL}\`. TODO: say where ops find it.   |
| \`apiKey\`  | yes      | API key allowed to ${access}. Secret: encrypted at rest, never shown again, never logged. |

\`\`\`sh
curl -X POST localhost:8080/v1/connections -H "authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json' \\
  -d '{"connector":"${n.id}","name":"main account","config":{"baseUrl":"${TEST_BASE_URL}","apiKey":"…"}}'
\`\`\``;
}

function checkSection(n: Names, kind: 'source' | 'destination'): string {
  const call = kind === 'source' ? '`GET /orders?limit=1`' : '`GET /account`';
  return `## Check

"Test connection" calls ${call} with the key and answers:

| code                         | meaning and remedy                                                        |
| ---------------------------- | ------------------------------------------------------------------------- |
| \`${n.code}_API_KEY_INVALID\`   | ${n.name} refused the key (401): create a new key and save it.          |
| \`${n.code}_PERMISSION_MISSING\` | The key lacks a permission (403): grant it in ${n.name}, run the check again. |
| \`${n.code}_URL_INVALID\`       | Wrong \`baseUrl\` (404, redirect, refused address): fix the URL.          |
| \`${n.code}_UNREACHABLE\`       | No answer (DNS, firewall, timeout): check the host and the network path.  |
| \`${n.code}_UNAVAILABLE\`       | ${n.name} answered with an error (5xx, 429): retry later, see its status page. |`;
}

/** README.md for ops, source flavour. TODO markers show what the developer still has to fill in. */
export function sourceReadme(n: Names): string {
  return `# ${n.name} source (\`${n.id}\`)

TODO: one paragraph for ops: which ${n.name} orders this connection brings in, and how (polling the API by last
change; webhooks if you add them).

## What to create in ${n.name}

1. TODO: where to create the API key (menu path) and which permission it needs (read orders only).
2. Create the connection in the hub with the settings below, then run "Test connection".

${settingsTable(n, 'source')}

## Raw record

The inbox stores one order as \`GET /orders\` returns it (see \`fixtures/${n.id}/orders/example.json\`);
\`orderhub normalize ${n.id} <file>\` takes the same shape. TODO: link the API reference of the order object and
say whether the stored record is a composite of several calls.

## Pull rules

| rule           | value                                      | why                                                      |
| -------------- | ------------------------------------------ | -------------------------------------------------------- |
| cursor         | \`updatedAt\`, tie-break \`id\`                | TODO: the documented sort order of the list endpoint     |
| overlap        | 2 minutes                                  | re-read behind the watermark; the inbox drops repeats   |
| settle delay   | 10 seconds                                 | TODO: how long the channel takes to list a new order    |
| window limit   | 1 day                                      | TODO: the widest query the API accepts                  |
| first pull     | 7 days back                                |                                                          |
| poll interval  | 5 minutes                                  |                                                          |
| rate budget    | 2 requests/s, burst 4 (bucket \`api\`)       | TODO: half of the documented limit                      |

## Webhooks

TODO: none yet. If ${n.name} pushes order events, say what to subscribe to and where
(\`https://<hub>/v1/webhooks/<connectionId>\`), and how the signature is checked.

## Mapping decisions

| ${n.name} \`status\` | canonical \`status.order\` |
| -------------------- | ------------------------ |
| \`open\`               | \`open\`                   |
| \`completed\`          | \`closed\`                 |
| \`cancelled\`          | \`cancelled\`              |

Any other status, payment status, fulfilment status, currency or country code is refused with
\`MAPPING_UNKNOWN_VALUE\` and the order is quarantined: nothing is guessed. TODO: list taxes, discounts, refunds.

${checkSection(n, 'source')}

## Fixtures

\`fixtures/${n.id}/orders/*.json\` + \`*.canonical.json\` (expected canonical output, checked by the contract suite);
add \`rejects/*.json\` + \`*.error.json\` for records the mapping must refuse.
`;
}

/** README.md for ops, destination flavour. */
export function destinationReadme(n: Names): string {
  return `# ${n.name} destination (\`${n.id}\`)

TODO: one paragraph for ops: what ${n.name} receives (sales orders, fulfilment requests) and when.

## What to create in ${n.name}

1. TODO: where to create the API key (menu path) and which permissions it needs.
2. Create the connection in the hub with the settings below, then run "Test connection".

${settingsTable(n, 'destination')}

## Lookup tables (\`mappings/\`)

TODO: none yet. Per-business choices (SKU → item id, shipping method → carrier service, warehouse codes) go in
\`mappings/${n.id}-<table>.json\`; a missing key rejects the order with the table and key named, never a default.

## What is sent

\`POST /orders\` with the payload \`fromCanonical\` builds (see \`fixtures/${n.id}/outbound/example.payload.json\`);
a cancellation is \`POST /orders/<reference>/cancel\`. \`reference\` is the hub's order id (\`ord_…\`), stable
across revisions.

## Idempotency

Every request carries \`Idempotency-Key: <delivery key>\` (one key per order revision and operation), so a retry
after a lost answer does not create a second order. TODO: confirm ${n.name} honours the header; if it does not,
switch to \`lookup-before-write\` and find the order by \`reference\` before writing.

## Errors

| ${n.name} answers             | the hub does                                           |
| ----------------------------- | ------------------------------------------------------ |
| \`2xx\`                         | delivered; the remote id is recorded                   |
| \`400\`, \`422\`                  | rejected: the order is quarantined with the reason     |
| \`409\`                         | already there: recorded as delivered                   |
| \`401\`, \`403\`                  | stops the connection until the key is fixed            |
| \`429\`                         | waits for \`Retry-After\`, then retries                  |
| \`5xx\`, timeout                | retried with backoff                                   |

## Rate limit

2 requests/s, burst 4 (bucket \`api\`). TODO: half of the documented limit.

## Shipments

TODO: how shipments come back (read-back polling with \`shipments.fetchPage\`, or pushed to \`inbound\`), or say
that ${n.name} does not report them.

${checkSection(n, 'destination')}

## Fixtures

\`fixtures/${n.id}/outbound/*.canonical.json\` + \`*.payload.json\`: canonical orders and the payload
\`fromCanonical\` must build from each (checked by the contract suite).
`;
}

/**
 * The last branches of a generated check's failure mapping, shared by both kinds: a bad base URL, no answer at
 * all, and any other answer. `indent` is the generated code's indentation at that point.
 */
export function checkFallbacks(n: Names, indent: string): string {
  const body = `if (error.kind === 'config') {
  return {
    ok: false,
    code: '${n.code}_URL_INVALID',
    message,
    remedy: 'Check baseUrl: it must be the API address of your ' + ${n.nameLiteral} + ' account, e.g. ${TEST_BASE_URL}.',
  };
}
if (error.kind === 'transient' && error.status === undefined) {
  return {
    ok: false,
    code: '${n.code}_UNREACHABLE',
    message,
    remedy: 'The API could not be reached: check the host in baseUrl and that firewalls let the hub through.',
  };
}
return {
  ok: false,
  code: '${n.code}_UNAVAILABLE',
  message,
  remedy: ${n.nameLiteral} + ' answered with an error: check its status page and run the check again later.',
};`;
  return body
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}
