// node --import ./test/deploy/record-resolutions.mjs app.js: records resolved module URLs in
// $CREDGATE_TEST_RESOLUTIONS (see resolution-hooks.mjs).
import { register } from 'node:module';

register('./resolution-hooks.mjs', import.meta.url, { data: { file: process.env.CREDGATE_TEST_RESOLUTIONS } });
