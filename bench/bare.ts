/**
 * The floor for a Node server: a bare Fastify route answering every path with standin's own
 * 600x400 PNG bytes and the same caching headers, nothing else (no logging, no hooks). Started
 * by bench/http.ts as its own process: `tsx bench/bare.ts <port> <png-file>`.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port = '18405', file = ''] = process.argv.slice(2);
const body = readFileSync(file);
const app = Fastify({ logger: false });
app.get('/*', async (_request, reply) =>
  reply
    .header('Content-Type', 'image/png')
    .header('ETag', '"bare"')
    .header('Cache-Control', 'public, max-age=31536000, immutable')
    .send(body),
);
await app.listen({ port: Number(port), host: '127.0.0.1' });
