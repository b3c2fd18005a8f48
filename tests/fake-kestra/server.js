#!/usr/bin/env node
// A behavioural fake of Kestra's flows API (1.x paths /api/v1/{tenant}/flows/…), Node standard library only.
// Behaviour follows ../../../shared/reference/cli-and-api.md §1.3, §2.2, §4 (Kestra 0.21-dev FlowController,
// ErrorController, AuthenticationFilter). Used by tests/integration/kestra and by hand:
//   node tests/fake-kestra/server.js --port 8080 [--user admin@example.com:secret] [--token T]
//        [--tenant main]... [--legacy] [--fault MODE[:COUNT[:METHOD]]] [--cert cert.pem --key key.pem]
// Faults (before any processing, so state is untouched): close-mid-response, unavailable (503), hang,
// malformed-json, huge-body (80 MiB), huge-chunked (200 MiB without Content-Length); 503-before-body answers
// a request sent with `Expect: 100-continue` with a final 503 instead of 100 Continue, without reading its body,
// ignore-expect never answers the Expect (the body is read once the client sends it anyway), expectation-failed
// answers 417, and partial-continue sends the start of an interim answer, then nothing; requests without Expect
// pass all four.
// Requests with `Expect: 100-continue` otherwise get 100 Continue, as from Kestra (Micronaut/Netty).
// Test-only control endpoints (never in Kestra): GET /__fake/flows, GET /__fake/requests,
// POST /__fake/fault {"mode": "...", "count": N, "method": "POST", "skip": K} (K matching requests pass first),
// POST /__fake/reset.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');

function parseArgs(argv) {
  const o = { port: 0, host: '127.0.0.1', users: [], tokens: [], tenants: [], legacy: false, fault: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port') o.port = Number(next());
    else if (a === '--host') o.host = next();
    else if (a === '--user') o.users.push(next());
    else if (a === '--token') o.tokens.push(next());
    else if (a === '--tenant') o.tenants.push(next());
    else if (a === '--legacy') o.legacy = true;
    else if (a === '--fault') o.fault = next();
    else if (a === '--cert') o.cert = next();
    else if (a === '--key') o.key = next();
    else if (a === '--help') {
      console.log('usage: server.js --port N [--user email:pass] [--token T] [--tenant T] [--legacy] [--fault MODE[:N]]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const u of (process.env.FAKE_KESTRA_USERS || '').split(',').filter(Boolean)) o.users.push(u);
  for (const t of (process.env.FAKE_KESTRA_TOKENS || '').split(',').filter(Boolean)) o.tokens.push(t);
  if (o.tenants.length === 0) o.tenants.push('main');
  return o;
}

// ---- plugin types the fake knows: the repository's catalog of Kestra core plugins ----
const knownTypes = new Set();
try {
  const catalog = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'core-plugins.json'), 'utf8'));
  for (const t of catalog.types || []) {
    knownTypes.add(t.type);
    for (const alias of t.aliases || []) knownTypes.add(alias);
  }
} catch (e) {
  for (const t of ['Log', 'Return', 'Sleep', 'Subflow']) knownTypes.add(`io.kestra.plugin.core.${t.toLowerCase()}.${t}`);
}
// Core types must be in the catalog; other plugin groups are assumed installed.
const typeIsKnown = (type) =>
  knownTypes.has(type) || (/^io\.kestra\.plugin\./.test(type) && !/^io\.kestra\.plugin\.core\./.test(type));

// ---- a tiny YAML reader, enough for a flow's id, namespace, revision, tasks[].id/type ----
function scalar(text) {
  let v = text.trim();
  if (v.startsWith('"') || v.startsWith("'")) {
    const q = v[0];
    const end = v.indexOf(q, 1);
    return end > 0 ? v.slice(1, end) : v.slice(1);
  }
  const hash = v.search(/\s#/);
  if (hash >= 0) v = v.slice(0, hash).trim();
  return v;
}

function readFlow(source) {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const top = {};
  const blocks = {};
  let current = null;
  let sawContent = false;
  for (const line of lines) {
    if (/^\s*(#.*)?$/.test(line) || line === '---') continue;
    const m = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/.exec(line);
    if (m) {
      sawContent = true;
      current = m[1];
      top[current] = m[2] === undefined ? '' : m[2];
      blocks[current] = [];
    } else if (/^\s/.test(line) && current) {
      blocks[current].push(line);
    } else {
      return { error: sawContent ? `Unable to parse the flow: unexpected line '${line.trim()}'` : 'Unable to parse the flow: not a YAML mapping' };
    }
  }
  if (!sawContent) return { error: 'Unable to parse the flow: empty document' };
  const flow = { fields: top };
  if (top.id !== undefined) flow.id = scalar(top.id);
  if (top.namespace !== undefined) flow.namespace = scalar(top.namespace);
  if (top.revision !== undefined) flow.revision = Number(scalar(top.revision));
  flow.tasks = top.tasks !== undefined ? readItems(top.tasks, blocks.tasks) : undefined;
  flow.triggers = top.triggers !== undefined ? readItems(top.triggers, blocks.triggers) : undefined;
  return flow;
}

// A block list of mappings: each "- " item's `id` and `type`.
function readItems(inline, block) {
  if (scalar(inline) === '[]') return [];
  const items = [];
  let itemIndent = -1;
  let keyIndent = -1;
  for (const line of block) {
    const dash = /^(\s*)-\s+(.*)$/.exec(line);
    if (dash && (itemIndent < 0 || dash[1].length === itemIndent)) {
      itemIndent = dash[1].length;
      keyIndent = itemIndent + line.slice(itemIndent).search(/[^-\s]/);
      items.push({});
      const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(dash[2]);
      if (kv) items[items.length - 1][kv[1]] = scalar(kv[2]);
      continue;
    }
    if (!items.length) continue;
    const indent = line.search(/\S/);
    const kv = /^\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (kv && indent === keyIndent) items[items.length - 1][kv[1]] = scalar(kv[2]);
  }
  return items;
}

// Kestra's bean-validation messages for the checks the fake makes ("path: message").
function violations(flow) {
  const v = [];
  if (!flow.id) v.push({ path: 'flow.id', message: 'must not be null' });
  else if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(flow.id)) v.push({ path: 'flow.id', message: 'must match "^[a-zA-Z0-9][a-zA-Z0-9._-]*"' });
  if (!flow.namespace) v.push({ path: 'flow.namespace', message: 'must not be null' });
  else if (!/^[a-z0-9][a-z0-9._-]*$/.test(flow.namespace)) v.push({ path: 'flow.namespace', message: 'must match "^[a-z0-9][a-z0-9._-]*"' });
  if (!flow.tasks || flow.tasks.length === 0) v.push({ path: 'flow.tasks', message: 'must not be empty' });
  for (const [kind, list] of [['tasks', flow.tasks || []], ['triggers', flow.triggers || []]]) {
    list.forEach((item, i) => {
      if (!item.id) v.push({ path: `flow.${kind}[${i}].id`, message: 'must not be null' });
      if (!item.type) v.push({ path: `flow.${kind}[${i}].type`, message: 'must not be null' });
      else if (!typeIsKnown(item.type)) v.push({ path: `flow.${kind}[${i}].type`, message: `Invalid type: ${item.type}`, invalidType: item.type });
    });
  }
  return v;
}

// FlowController.validateFlows splits with `\n+---\n*?`; Java's String.split drops trailing empty strings.
function splitDocuments(body) {
  const parts = body.split(/\n+---/);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length === 1 && parts[0] === '' && body !== '') return [];
  return parts;
}

// ---- state ----
function newState() {
  return { flows: new Map() }; // key tenant → Map(namespace → Map(id → flow))
}
let state = newState();
let requestLog = [];

function namespaceFlows(tenant, namespace, create) {
  if (!state.flows.has(tenant)) state.flows.set(tenant, new Map());
  const byNs = state.flows.get(tenant);
  if (!byNs.has(namespace) && create) byNs.set(namespace, new Map());
  return byNs.get(namespace) || new Map();
}

function flowJson(tenant, stored, withSource) {
  const out = {
    id: stored.id,
    namespace: stored.namespace,
    revision: stored.revision,
    deleted: false,
    disabled: false,
    tasks: stored.tasks.map((t) => ({ id: t.id, type: t.type })),
  };
  if (tenant) out.tenantId = tenant;
  if (withSource) out.source = stored.source;
  return out;
}

// ---- HTTP helpers ----
function jsonError(res, status, message, errors, uri) {
  const body = { message, _links: { self: { href: uri, templated: false } } };
  if (errors && errors.length) body._embedded = { errors: errors.map((e) => ({ message: e.message, path: e.path })) };
  send(res, status, body);
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function checkAuth(options, req) {
  if (options.users.length === 0 && options.tokens.length === 0) return 'open';
  const h = req.headers.authorization || '';
  if (h.startsWith('Basic ')) {
    const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
    if (options.users.includes(decoded)) return 'basic';
  } else if (h.startsWith('Bearer ')) {
    if (options.tokens.includes(h.slice(7))) return 'bearer';
  }
  return null;
}

// ---- faults (selected by --fault or POST /__fake/fault), applied to /api/ requests before any processing ----
let fault = null; // { mode, count, method, skip }
function setFault(spec) {
  if (!spec || !spec.mode || spec.mode === 'none') fault = null;
  else
    fault = {
      mode: spec.mode,
      count: spec.count === undefined ? -1 : Number(spec.count),
      method: spec.method || '',
      skip: Number(spec.skip || 0),
    };
}

// The fault for this request, consuming one use of it; `beforeBody` selects the modes that answer before
// the body is read (checkContinue), the others apply once it has been read.
function takeFault(req, beforeBody) {
  if (!fault || fault.count === 0) return null;
  const beforeBodyModes = ['503-before-body', 'ignore-expect', 'expectation-failed', 'partial-continue'];
  if (beforeBodyModes.includes(fault.mode) !== beforeBody) return null;
  if (fault.method && fault.method !== req.method) return null;
  if (fault.skip > 0) {
    fault.skip--;
    return null;
  }
  if (fault.count > 0) fault.count--;
  return fault.mode;
}

function applyFault(req, res) {
  switch (takeFault(req, false)) {
    case 'close-mid-response':
      res.socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"index":0,');
      res.socket.destroy();
      return true;
    case 'unavailable': // 503 (then 200 once count is used up)
      jsonError(res, 503, 'Service Unavailable', [], req.url);
      return true;
    case 'hang':
      return true; // never answers; the socket stays open
    case 'malformed-json': {
      const text = '[{"index": 0, "flow": ';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': text.length });
      res.end(text);
      return true;
    }
    case 'huge-body':
    case 'huge-chunked': {
      const mib = fault.mode === 'huge-body' ? 80 : 200;
      const headers = { 'Content-Type': 'application/json' };
      if (fault.mode === 'huge-body') headers['Content-Length'] = mib * 1024 * 1024;
      res.writeHead(200, headers);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < mib) {
          sent++;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      pump();
      return true;
    }
    default:
      return false;
  }
}

// ---- Kestra endpoints ----
function validate(body) {
  return splitDocuments(body).map((doc, index) => {
    const flow = readFlow(doc);
    if (flow.error) return { index, outdated: false, constraints: flow.error };
    const result = { index, flow: flow.id, namespace: flow.namespace, outdated: false, deprecationPaths: [], warnings: [], infos: [] };
    const v = violations(flow);
    if (v.length) result.constraints = v.map((x) => (x.invalidType ? x.message : `${x.path.replace(/^flow\./, '')}: ${x.message}`)).join('\n');
    if (result.flow === undefined) delete result.flow;
    if (result.namespace === undefined) delete result.namespace;
    return result;
  });
}

function updateNamespace(tenant, namespace, query, body, res, uri) {
  const doDelete = query.get('delete') !== 'false'; // Kestra's default is true
  const override = query.get('override') === 'true';
  const docs = splitDocuments(body).filter((d) => d.trim() !== '');
  const parsed = [];
  const errors = [];
  for (const doc of docs) {
    let source = doc.trim();
    if (override) source = source.replace(/^namespace:.+$/m, `namespace: ${namespace}`);
    const flow = readFlow(source);
    if (flow.error) {
      errors.push({ path: 'flow', message: flow.error });
      continue;
    }
    for (const v of violations(flow)) errors.push(v);
    if (flow.namespace && flow.namespace !== namespace) errors.push({ path: 'flow.namespace', message: 'Flow namespace is invalid' });
    if (parsed.some((p) => p.id === flow.id)) errors.push({ path: 'flow.id', message: 'Duplicate flow id' });
    parsed.push({ id: flow.id, namespace: flow.namespace, source, tasks: flow.tasks || [] });
  }
  if (errors.length) {
    // Checked before any write (bulkUpdateOrCreate): nothing is stored.
    const invalidType = errors.find((e) => e.invalidType);
    const message = invalidType ? `Invalid type: ${invalidType.invalidType}` : `Invalid entity: ${errors.map((e) => `${e.path}: ${e.message}`).join(', ')}`;
    return jsonError(res, 422, message, errors, uri);
  }
  const store = namespaceFlows(tenant, namespace, true);
  const out = [];
  if (doDelete) {
    for (const [id, stored] of [...store]) {
      if (!parsed.some((p) => p.id === id)) {
        store.delete(id);
        out.push({ ...flowJson(tenant, stored, false), deleted: true, revision: stored.revision + 1 });
      }
    }
  }
  for (const p of parsed) {
    const existing = store.get(p.id);
    const revision = existing ? (existing.source === p.source ? existing.revision : existing.revision + 1) : 1;
    const stored = { ...p, revision };
    store.set(p.id, stored);
    out.push(flowJson(tenant, stored, false));
  }
  send(res, 200, out);
}

function logRequest(req, url, bodyRead) {
  requestLog.push({ method: req.method, path: url.pathname, query: url.search, contentType: req.headers['content-type'] || '', authorization: (req.headers.authorization || 'none').split(' ')[0], headers: req.headers, bodyRead });
}

function route(options, req, res, body) {
  const url = new URL(req.url, 'http://fake');
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] !== '__fake') logRequest(req, url, true);

  // control endpoints
  if (segments[0] === '__fake') {
    if (segments[1] === 'flows') {
      const out = {};
      for (const [tenant, byNs] of state.flows)
        for (const [ns, flows] of byNs)
          for (const f of flows.values()) ((out[tenant] ||= {})[ns] ||= []).push({ id: f.id, revision: f.revision, source: f.source });
      return send(res, 200, out);
    }
    if (segments[1] === 'requests') return send(res, 200, requestLog);
    if (segments[1] === 'fault' && req.method === 'POST') {
      setFault(JSON.parse(body || '{}'));
      return send(res, 200, { fault });
    }
    if (segments[1] === 'reset' && req.method === 'POST') {
      state = newState();
      requestLog = [];
      fault = null;
      return send(res, 200, {});
    }
    return jsonError(res, 404, 'Not Found', [], req.url);
  }

  if (req.method === 'GET' && url.pathname === '/ping') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return res.end('pong');
  }
  if (segments[0] !== 'api' || segments[1] !== 'v1') return jsonError(res, 404, 'Page Not Found', [], req.url);

  const auth = checkAuth(options, req);
  if (!auth) {
    // OSS AuthenticationFilter: 401, WWW-Authenticate, empty body.
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Kestra"', 'Content-Length': 0 });
    return res.end();
  }
  if (applyFault(req, res)) return;

  // /api/v1/{tenant}/flows/… (≥ 0.23) or /api/v1/flows/… (--legacy, ≤ 0.22)
  let rest;
  let tenant;
  if (options.legacy) {
    if (segments[2] !== 'flows') return jsonError(res, 404, 'Page Not Found', [], req.url);
    tenant = null;
    rest = segments.slice(3);
  } else {
    tenant = segments[2];
    if (segments[3] !== 'flows' || !options.tenants.includes(tenant)) return jsonError(res, 404, 'Page Not Found', [], req.url);
    rest = segments.slice(4);
  }
  const key = tenant || '';

  if (req.method === 'POST' && rest.length === 1 && rest[0] === 'validate') {
    if (!/^application\/x-yaml/.test(req.headers['content-type'] || '')) return jsonError(res, 415, 'Unsupported Media Type', [], req.url);
    return send(res, 200, validate(body));
  }
  if (req.method === 'POST' && rest.length === 1) {
    if (!/^application\/x-yaml/.test(req.headers['content-type'] || '')) return jsonError(res, 415, 'Unsupported Media Type', [], req.url);
    return updateNamespace(key, rest[0], url.searchParams, body, res, req.url);
  }
  if (req.method === 'GET' && rest.length === 1) {
    const flows = [...namespaceFlows(key, rest[0], false).values()];
    return send(res, 200, flows.map((f) => flowJson(tenant, f, false)));
  }
  if (req.method === 'GET' && rest.length === 2) {
    const stored = namespaceFlows(key, rest[0], false).get(rest[1]);
    if (!stored) return jsonError(res, 404, `Not Found: Unable to find flow ${rest[0]}.${rest[1]}`, [], req.url);
    return send(res, 200, flowJson(tenant, stored, url.searchParams.get('source') === 'true'));
  }
  return jsonError(res, 404, 'Page Not Found', [], req.url);
}

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fake-kestra: ${e.message}`);
    process.exit(2);
  }
  if (options.fault) {
    const [mode, count, method] = options.fault.split(':'); // MODE[:COUNT[:METHOD]], COUNT -1 = always
    setFault({ mode, count: count === undefined || count === '' ? -1 : Number(count), method });
  }
  const handler = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        route(options, req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        jsonError(res, 500, `Internal server error: ${e.message}`, [], req.url);
      }
    });
  };
  const tls = options.cert && options.key;
  const server = tls
    ? https.createServer({ cert: fs.readFileSync(options.cert), key: fs.readFileSync(options.key) }, handler)
    : http.createServer(handler);
  // Expect: 100-continue. Without this listener Node answers 100 Continue by itself; with it, the faults above
  // can answer before the body is read (the connection is then closed, since that body never comes).
  server.on('checkContinue', (req, res) => {
    const mode = req.url.startsWith('/api/') ? takeFault(req, true) : null;
    if (mode === 'ignore-expect') return handler(req, res);  // logged once its body is read
    if (mode) logRequest(req, new URL(req.url, 'http://fake'), false);
    if (mode === 'partial-continue') return res.socket.write('HTTP/1.1 10');  // and nothing more
    if (mode === '503-before-body' || mode === 'expectation-failed') {
      const [status, message] = mode === '503-before-body' ? [503, 'Service Unavailable'] : [417, 'Expectation Failed'];
      const text = JSON.stringify({ message, _links: { self: { href: req.url, templated: false } } });
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), Connection: 'close' });
      return res.end(text);
    }
    res.writeContinue();
    handler(req, res);
  });
  server.keepAliveTimeout = 30000;
  server.listen(options.port, options.host, () => {
    const { port } = server.address();
    console.log(`fake Kestra listening on ${tls ? 'https' : 'http'}://${options.host}:${port}`);
  });
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
