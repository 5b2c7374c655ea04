// Fails when src/lib/api/schema.gen.ts differs from what openapi-typescript makes of openapi/openapi.json now.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { BANNER } from './mark-generated.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const spec = JSON.parse(readFileSync(here('../../openapi/openapi.json'), 'utf8'));
const fresh = BANNER + astToString(await openapiTS(spec));
const checkedIn = readFileSync(here('../src/lib/api/schema.gen.ts'), 'utf8');
if (fresh !== checkedIn) {
  console.error('web/src/lib/api/schema.gen.ts is stale: run `npm run gen:api` in web/ and commit the result.');
  process.exit(1);
}
console.log('web/src/lib/api/schema.gen.ts matches openapi/openapi.json');
