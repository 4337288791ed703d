/**
 * Trial of FINDINGS.md suggestion 1 without editing libs/: makes jsonwebtoken.verify receive the HS256
 * secret as a KeyObject created once (what TokenVerifier should do itself). Not loaded by default.
 *   B4 (in-process):  node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register \
 *                       -r ./test/bench/tools/trial-jwt-keyobject.js test/bench/run.ts --only=B4
 *   B5 (API child):   BENCH_API_NODE_OPTIONS="--require $PWD/test/bench/tools/trial-jwt-keyobject.js" npm run bench -- --only=B5
 */
'use strict';
const path = require('node:path');
const { createSecretKey } = require('node:crypto');

const jwt = require(require.resolve('jsonwebtoken', { paths: [path.join(__dirname, '..', '..', '..')] }));
const verify = jwt.verify;
const keys = new Map();
jwt.verify = function verifyWithKeyObject(token, secretOrPublicKey, ...rest) {
  if (typeof secretOrPublicKey === 'string') {
    let key = keys.get(secretOrPublicKey);
    if (!key) {
      key = createSecretKey(Buffer.from(secretOrPublicKey, 'utf8'));
      keys.set(secretOrPublicKey, key);
    }
    return verify.call(this, token, key, ...rest);
  }
  return verify.call(this, token, secretOrPublicKey, ...rest);
};
