import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { classifyKubeError } from '../../src/kube/cluster-connection.js';

describe('classifying a failed Kubernetes call', () => {
  it('calls only a refused connection a cluster that is down', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(classifyKubeError(refused)).toEqual({ kind: 'unreachable', refused: true, message: 'cannot connect (ECONNREFUSED)' });
    const cut = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyKubeError(cut)).toEqual({ kind: 'unreachable', refused: false, message: 'cannot connect (ECONNRESET)' });
    expect(classifyKubeError(new ApiException(503, 'Service Unavailable', 'upstream overloaded', {}))).toEqual({
      kind: 'unreachable', refused: false, message: 'the API server answered 503',
    });
    expect(classifyKubeError(new ApiException(409, 'Conflict', JSON.stringify({ reason: 'AlreadyExists', message: 'exists' }), {}))).toEqual({
      kind: 'status', code: 409, reason: 'AlreadyExists', message: 'exists',
    });
  });

  it('never repeats the text of an error it could not read, which may quote a Secret it sent', () => {
    const canary = 'CANARY-c2VjcmV0LXZhbHVl';
    const unreadable = new SyntaxError(`Unexpected token 'c', ..."password":"${canary}"... is not valid JSON`);
    const failure = classifyKubeError(unreadable);
    expect(failure).toEqual({ kind: 'unreachable', refused: false, message: 'cannot connect (SyntaxError)' });
    expect(JSON.stringify(failure)).not.toContain(canary);
  });
});
