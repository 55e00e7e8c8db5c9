/**
 * Page protection on the way out: HTML responses of an app have their e-mail addresses and
 * phone numbers turned into sealed images (src/protect/html.ts) before they leave, as a Fastify
 * onSend hook or around any Node request handler. A page is collected up to `maxBytes`
 * (addresses can be split across chunks, so a page is rewritten whole); a larger page, or one
 * already compressed, passes through untouched, with a warning logged that names the URL only.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import { type ProtectHtmlOptions, protectBytes } from '../protect/html.js';
import { parseKeyRing } from '../seal/index.js';

export interface ProtectPagesOptions extends ProtectHtmlOptions {
  /** The seal key (the image server's STANDIN_SEAL_KEY). */
  readonly key: string;
  /** Pages larger than this pass through untouched (default 2 MiB). */
  readonly maxBytes?: number;
  /** Told about pages passed through or not UTF-8; never given the page's text. */
  readonly warn?: (message: string) => void;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

function isHtml(type: unknown): boolean {
  return typeof type === 'string' && /^\s*text\/html\b/i.test(type);
}

/** Collect a stream up to `max` bytes: the bytes, or the stream rebuilt whole when larger. */
async function collect(
  stream: AsyncIterable<Uint8Array | string>,
  max: number,
): Promise<{ bytes: Buffer } | { rest: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = stream[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { bytes: Buffer.concat(chunks) };
    const chunk = Buffer.from(next.value);
    chunks.push(chunk);
    size += chunk.length;
    if (size > max) {
      // Too big to rewrite: what was read, then the rest, untouched.
      async function* whole() {
        yield* chunks;
        for (;;) {
          const more = await iterator.next();
          if (more.done) return;
          yield Buffer.from(more.value);
        }
      }
      return { rest: Readable.from(whole()) };
    }
  }
}

/**
 * A Fastify onSend hook that protects every HTML page the app sends:
 * `app.addHook('onSend', protectHook({ key, base: 'https://img.example.com' }))`.
 */
export function protectHook(options: ProtectPagesOptions): onSendHookHandler {
  const { key, maxBytes = DEFAULT_MAX_BYTES, warn, ...html } = options;
  const ring = parseKeyRing(key, 'key');
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!isHtml(reply.getHeader('content-type')) || reply.getHeader('content-encoding')) {
      return payload;
    }
    const tell = (message: string) => (warn ? warn(message) : request.log.warn(message));
    let bytes: Uint8Array;
    if (typeof payload === 'string' || payload instanceof Uint8Array) {
      bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
      if (bytes.length > maxBytes) {
        tell(`page ${request.url} (${bytes.length} bytes) is over ${maxBytes}: sent unprotected`);
        return payload;
      }
    } else if (payload && typeof payload === 'object' && Symbol.asyncIterator in payload) {
      const got = await collect(payload as AsyncIterable<Uint8Array | string>, maxBytes);
      if ('rest' in got) {
        tell(`page ${request.url} is over ${maxBytes} bytes: sent unprotected`);
        return got.rest;
      }
      bytes = got.bytes;
    } else {
      return payload;
    }
    const result = protectBytes(bytes, ring, html);
    if (result.report.warning) tell(`page ${request.url}: ${result.report.warning}`);
    reply.removeHeader('content-length');
    return Buffer.from(result.bytes);
  };
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Wrap a Node request handler (node:http, Express, Connect) so that the HTML pages it sends are
 * protected: `http.createServer(protectResponses(app, { key }))`. Headers are held back until
 * the page is complete, so its Content-Length is the protected one.
 */
export function protectResponses(handler: Handler, options: ProtectPagesOptions): Handler {
  const { key, maxBytes = DEFAULT_MAX_BYTES, warn, ...html } = options;
  const ring = parseKeyRing(key, 'key');
  return (request, response) => {
    const write = response.write.bind(response) as (chunk: Buffer) => boolean;
    const end = response.end.bind(response) as (chunk?: Buffer) => ServerResponse;
    const writeHead = response.writeHead.bind(response) as (
      status: number,
      message?: string,
    ) => ServerResponse;
    let head: { status: number; message?: string } | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let mode: 'undecided' | 'collect' | 'pass' = 'undecided';
    const tell = (message: string) => (warn ? warn(message) : console.warn(`standin: ${message}`));

    /**
     * Put Node's own methods back and send the held head: Node's end() and write() call
     * this.writeHead themselves, which must then be the real one.
     */
    const sendHead = () => {
      response.writeHead = writeHead as ServerResponse['writeHead'];
      response.write = write as ServerResponse['write'];
      response.end = end as ServerResponse['end'];
      if (head && !response.headersSent) writeHead(head.status, head.message);
      head = undefined;
    };
    const decide = () => {
      if (mode !== 'undecided') return;
      const protect =
        isHtml(response.getHeader('content-type')) && !response.getHeader('content-encoding');
      mode = protect ? 'collect' : 'pass';
      if (protect) chunks = [];
      else sendHead();
    };
    const giveUp = () => {
      tell(`page ${request.url ?? ''} is over ${maxBytes} bytes: sent unprotected`);
      mode = 'pass';
      sendHead();
      for (const chunk of chunks ?? []) write(chunk);
      chunks = undefined;
    };
    const asBuffer = (chunk: unknown, encoding?: unknown) =>
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);

    response.writeHead = ((status: number, ...rest: unknown[]) => {
      // writeHead(status, [message], [headers]): keep the headers, send them later.
      const message = typeof rest[0] === 'string' ? rest[0] : undefined;
      const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as
        | OutgoingHttpHeaders
        | undefined;
      for (const [name, value] of Object.entries(headers ?? {})) {
        if (value !== undefined) response.setHeader(name, value);
      }
      head = message === undefined ? { status } : { status, message };
      response.statusCode = status;
      return response;
    }) as ServerResponse['writeHead'];

    response.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      decide();
      if (mode === 'pass') return write(asBuffer(chunk, encoding));
      const buffer = asBuffer(chunk, encoding);
      chunks?.push(buffer);
      size += buffer.length;
      if (size > maxBytes) giveUp();
      if (typeof callback === 'function') callback();
      else if (typeof encoding === 'function') encoding();
      return true;
    }) as ServerResponse['write'];

    response.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      decide();
      const last =
        chunk === undefined || typeof chunk === 'function' ? undefined : asBuffer(chunk, encoding);
      if (mode === 'pass') {
        sendHead();
        return last === undefined ? end() : end(last);
      }
      if (last) chunks?.push(last);
      const page = Buffer.concat(chunks ?? []);
      const result = protectBytes(page, ring, html);
      if (result.report.warning) tell(`page ${request.url ?? ''}: ${result.report.warning}`);
      response.setHeader('content-length', result.bytes.length);
      if (!head && !response.headersSent) head = { status: response.statusCode };
      sendHead();
      const done = end(Buffer.from(result.bytes));
      if (typeof callback === 'function') callback();
      else if (typeof encoding === 'function') encoding();
      else if (typeof chunk === 'function') chunk();
      return done;
    }) as ServerResponse['end'];

    handler(request, response);
  };
}
