// Zod compiles object parsers with `new Function`, probing for eval when a
// schema is made; under the server's CSP (script-src 'self') the probe is
// refused and Chromium reports a violation although zod catches it.
// public/zod-jitless.js sets this before zod loads (a chunk may make schemas
// before main.tsx runs); this keeps it set where that script is absent
// (tests, the dev server). The server keeps the compiled parser.
import { z } from 'zod';

z.config({ jitless: true });
