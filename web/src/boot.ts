import './styles.css';
import { startEarly } from './early.js';
import { showFirstPaint } from './first-paint.js';

/**
 * The page's entry: small, so that it runs at once. It sends the first page's query and the
 * caller's check, draws the first rows when they arrive, and loads the rest of the page (React),
 * which index.html has the browser fetch in parallel (modulepreload, web/vite.config.ts).
 */
const early = startEarly();
early?.page.promise.then(showFirstPaint, () => {});
void import('./main.js');
