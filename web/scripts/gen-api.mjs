// Generates src/lib/api/schema.gen.ts from openapi/openapi.json with openapi-typescript.
//   node scripts/gen-api.mjs          writes the file (`npm run gen:api`)
//   node scripts/gen-api.mjs --check  fails when the checked-in file is stale (`npm run check:api`, run by `npm test`)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const SPEC = here('../../openapi/openapi.json');
const OUT = here('../src/lib/api/schema.gen.ts');
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

export async function generate() {
  const spec = mendDanglingResponses(JSON.parse(readFileSync(SPEC, 'utf8')));
  return BANNER + astToString(await openapiTS(spec));
}

const fresh = await generate();
if (process.argv.includes('--check')) {
  let checkedIn = '';
  try {
    checkedIn = readFileSync(OUT, 'utf8');
  } catch {}
  if (fresh !== checkedIn) {
    console.error('web/src/lib/api/schema.gen.ts is stale: run `npm run gen:api` in web/ and commit it.');
    process.exit(1);
  }
  console.log('web/src/lib/api/schema.gen.ts matches openapi/openapi.json');
} else {
  writeFileSync(OUT, fresh);
  console.log(`wrote ${OUT}`);
}
