/**
 * `node --require` preload for B5's API child under --profile: node refuses --cpu-prof in NODE_OPTIONS, so
 * this starts the V8 profiler through the inspector and writes BENCH_CPU_PROFILE when the process exits
 * (the in-process inspector session answers synchronously, so this works inside an 'exit' handler).
 */
'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const target = process.env.BENCH_CPU_PROFILE;
if (target) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(target, JSON.stringify(result.profile));
    });
  });
}
