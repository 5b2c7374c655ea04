// Generates, from openapi/openapi.json, src/lib/api/schema.gen.ts (types, with openapi-typescript) and
// src/lib/api/rules.gen.ts (the input rules the spec states: lengths, patterns, ranges, for forms to check;
// of request bodies, path parameters and query parameters).
//   node scripts/gen-api.mjs          writes them (`npm run gen:api`)
//   node scripts/gen-api.mjs --check  fails when a checked-in one is stale (`npm run check:api`, run by `npm test`)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const SPEC = here('../../openapi/openapi.json');
const OUT = here('../src/lib/api/schema.gen.ts');
const RULES_OUT = here('../src/lib/api/rules.gen.ts');
const RULE_KEYS = ['minLength', 'maxLength', 'pattern', 'minimum', 'maximum'];
const BANNER =
  '// DO NOT MODIFY: generated from openapi/openapi.json by `npm run gen:api` (openapi-typescript).\n' +
  '// `npm run check:api` (part of `npm test`) fails when this file is stale.\n';

/** A `$ref` to a response the spec does not define would stop openapi-typescript; it is reported and stood in
 *  for by the shared error body, so one slip in the spec does not block the web build. */
function mendDanglingResponses(spec) {
  const defined = spec.components?.responses ?? {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op?.responses ?? {})) {
        const ref = response?.$ref;
        const name = typeof ref === 'string' && ref.startsWith('#/components/responses/') ? ref.slice(23) : null;
        if (name && !(name in defined)) {
          console.warn(`openapi.json: ${method.toUpperCase()} ${path} ${status} refers to a missing response ${name}`);
          op.responses[status] = {
            description: name,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
          };
        }
      }
    }
  }
  return spec;
}

const pick = (def) => Object.fromEntries(RULE_KEYS.filter((k) => def?.[k] !== undefined).map((k) => [k, def[k]]));

/** Each request schema's property rules, `{Schema: {property: {maxLength, pattern, ...}}}`; the rule of each
 *  item of an array property is under `property[]`. */
function schemaRules(spec) {
  const out = {};
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [prop, def] of Object.entries(schema.properties ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      for (const [key, picked] of [[prop, pick(def)], [`${prop}[]`, pick(def.items)]]) {
        if (Object.keys(picked).length) (out[name] ??= {})[key] = picked;
      }
    }
  }
  return out;
}

/** The rules of path parameters (a setting's name, a group's), `{"/path/{x}": {x: {...}}}`. */
function paramRules(spec) {
  const out = {};
  for (const [path, item] of Object.entries(spec.paths ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const op of Object.values(item)) {
      for (const param of op?.parameters ?? []) {
        const picked = pick(param.schema);
        if (param.in === 'path' && Object.keys(picked).length) (out[path] ??= {})[param.name] = picked;
      }
    }
  }
  return out;
}

/** The rules of query parameters (the audit trail's filters, page sizes), `{"/path": {param: {...}}}`. */
function queryRules(spec) {
  const out = {};
  for (const [path, item] of Object.entries(spec.paths ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const op of Object.values(item)) {
      for (const param of op?.parameters ?? []) {
        const picked = pick(param.schema);
        if (param.in === 'query' && Object.keys(picked).length) (out[path] ??= {})[param.name] = picked;
      }
    }
  }
  return out;
}

function rules(spec) {
  return (
    BANNER +
    '\n/** The input rules openapi.json states, by schema and property (patterns are ECMAScript, for `u` mode). */\n' +
    `export const rules = ${JSON.stringify(schemaRules(spec), null, 2)} as const;\n` +
    '\n/** The rules of path parameters, by path and parameter name. */\n' +
    `export const paramRules = ${JSON.stringify(paramRules(spec), null, 2)} as const;\n` +
    '\n/** The rules of query parameters, by path and parameter name. */\n' +
    `export const queryRules = ${JSON.stringify(queryRules(spec), null, 2)} as const;\n`
  );
}

export async function generate() {
  const spec = mendDanglingResponses(JSON.parse(readFileSync(SPEC, 'utf8')));
  return [
    [OUT, BANNER + astToString(await openapiTS(spec))],
    [RULES_OUT, rules(spec)],
  ];
}

const files = await generate();
if (process.argv.includes('--check')) {
  let stale = false;
  for (const [file, fresh] of files) {
    let checkedIn = '';
    try {
      checkedIn = readFileSync(file, 'utf8');
    } catch {}
    if (fresh !== checkedIn) {
      console.error(`${file} is stale: run \`npm run gen:api\` in web/ and commit it.`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.log('the web API types and rules match openapi/openapi.json');
} else {
  for (const [file, fresh] of files) {
    writeFileSync(file, fresh);
    console.log(`wrote ${file}`);
  }
}
