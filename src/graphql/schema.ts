import { builder } from './builder.js';
import './errors.js';
import './scope.js';
import './org-tree.js';
import './credential.js';
import './status-enums.js';
import './credential-list.js';
import './credential-mutations.js';
import './assets.js';
import './workload.js';
import './audit.js';
import './me.js';
import './status.js';
import './subscriptions.js';

export const schema = builder.toSchema({ sortSchema: true });
