import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository's root (src/web/../..). */
export const ROOT = path.resolve(here, '../..');
/** The React app's sources (Vite's root). */
export const WEB_CLIENT = path.join(ROOT, 'src/web/client');
/** Where the build puts the static files that the server serves. */
export const WEB_DIST = path.join(ROOT, 'dist/web');
