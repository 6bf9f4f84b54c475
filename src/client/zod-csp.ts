// Zod compiles object parsers with `new Function`, probing for eval once;
// under the server's CSP (script-src 'self') the probe is refused and Chromium
// reports a violation although zod catches it. Imported first in main.tsx,
// before any schema exists; the server keeps the compiled parser.
import { z } from 'zod';

z.config({ jitless: true });
