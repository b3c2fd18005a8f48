#!/usr/bin/env node
// A small HTTP forward proxy for the client's HTTPS_PROXY / HTTP_PROXY tests, Node standard library only:
// CONNECT tunnels (https:// servers) and absolute-URI forwarding (http:// servers).
//   node tests/fake-kestra/proxy.js --port 3128 [--user name:password] [--log FILE]
// With --user, every request must carry `Proxy-Authorization: Basic …` for those credentials (else 407).
// Each request is appended to the log as one line: `<METHOD> <target> auth=<none|ok|rejected>`.
'use strict';

const fs = require('fs');
const http = require('http');
const net = require('net');

function parseArgs(argv) {
  const o = { port: 0, host: '127.0.0.1', user: null, log: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port') o.port = Number(next());
    else if (a === '--host') o.host = next();
    else if (a === '--user') o.user = next();
    else if (a === '--log') o.log = next();
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const options = parseArgs(process.argv.slice(2));

function record(method, target, auth) {
  const line = `${method} ${target} auth=${auth}\n`;
  if (options.log) fs.appendFileSync(options.log, line);
  else process.stdout.write(line);
}

// 'none' without --user; 'ok' or 'rejected' with it.
function checkAuth(req) {
  if (!options.user) return 'none';
  const h = req.headers['proxy-authorization'] || '';
  const ok = h.startsWith('Basic ') && Buffer.from(h.slice(6), 'base64').toString('utf8') === options.user;
  return ok ? 'ok' : 'rejected';
}

const proxyAuthRequired = 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n' +
  'Content-Length: 0\r\nConnection: close\r\n\r\n';

// Headers that concern this hop only, never forwarded.
const hopByHop = new Set(['proxy-authorization', 'proxy-connection', 'connection', 'keep-alive', 'expect', 'te',
  'trailer', 'upgrade']);

const server = http.createServer((req, res) => {
  const auth = checkAuth(req);
  record(req.method, req.url, auth);
  if (auth === 'rejected') {
    res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"', 'Content-Length': 0 });
    return res.end();
  }
  let target;
  try {
    target = new URL(req.url);
    if (target.protocol !== 'http:') throw new Error('not http');
  } catch (e) {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    return res.end('absolute http:// URI expected\n');
  }
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) if (!hopByHop.has(name)) headers[name] = value;
  const upstream = http.request(
    { host: target.hostname, port: target.port || 80, method: req.method, path: target.pathname + target.search,
      headers },
    (answer) => {
      const out = {};
      for (const [name, value] of Object.entries(answer.headers)) if (!hopByHop.has(name)) out[name] = value;
      res.writeHead(answer.statusCode, answer.statusMessage, out);
      answer.pipe(res);
    });
  upstream.on('error', (e) => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`proxy: ${e.message}\n`);
  });
  req.pipe(upstream);
});

server.on('connect', (req, client, head) => {
  const auth = checkAuth(req);
  record('CONNECT', req.url, auth);
  if (auth === 'rejected') return client.end(proxyAuthRequired);
  const colon = req.url.lastIndexOf(':');
  const host = req.url.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(req.url.slice(colon + 1));
  let open = false;
  const upstream = net.connect(port, host, () => {
    open = true;
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => {
    if (open) client.destroy();
    else client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  client.on('error', () => upstream.destroy());
});

server.listen(options.port, options.host, () => {
  console.error(`proxy listening on http://${options.host}:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
