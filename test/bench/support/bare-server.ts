/**
 * B5's baseline: a bare Fastify route on loopback that answers GET * with the JSON body the API answered
 * for the same hospital-year (read from the file named by argv[2]). Run as a child process, like the API.
 * Reports its port over IPC and stops on SIGTERM or when its parent goes away.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.argv[2]!, 'utf8');
const app = Fastify({ logger: false });
app.get('/*', async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(body));
app.listen({ host: '127.0.0.1', port: 0 }).then(() => {
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
