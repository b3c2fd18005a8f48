#!/usr/bin/env node
// A behavioural fake of Kestra's flows API (paths /api/v1/{tenant}/…), modelled on Kestra's own source for the
// 1.3 and 2.0 lines. Every behaviour carries a comment naming the Kestra file (kestra-io/kestra unless said
// otherwise) and the line it was read from; "not confirmed in source" marks what comes only from
// docs/kestra-flow-api.md (our notes) or the OpenAPI specs. No Kestra code or text is copied:
// the fake is written in our own words, only the answer texts a client sees are reproduced.
//
//   node tests/fake-kestra/server.js --port 8080 [--kestra 1.3|2.0|1.3.P|2.0.P] [--user email:pass]... [--token T]...
//        [--tenant T]... [--legacy] [--fault MODE[:COUNT[:METHODS[:SKIP[:PATH]]]]] [--cert cert.pem --key key.pem]
//
// --kestra   the server line the fake answers as (default 2.0): GET /api/v1/configs reports it, 2.0 adds `draft`.
// --tenant   makes the fake multi-tenant (EE-like): the listed tenants exist, others answer 404. Without it the
//            fake is OSS: only `main` exists and any other tenant answers 400 (TenantValidationFilter).
// --legacy   the ≤ 0.22 paths without a tenant (/api/v1/flows/…).
//
// Faults (POST /__fake/fault {mode, count, method, skip, path} or --fault), applied to /api/ requests after
// authentication; `method` is a comma-separated list ("POST,PUT,DELETE"), `path` a substring of the request path,
// `skip` matching requests pass first, `count` -1 = every matching request:
//   close-mid-response, unavailable (503), hang, trickle (a 200 answer sent one byte every 250 ms, so no read
//   ever times out), malformed-json, huge-body (80 MiB), huge-chunked (200 MiB
//   without Content-Length), error-500 (500 JsonError), error-422 (422 JsonError): nothing is processed;
//   close-after-write: the request is processed and committed, then the socket is destroyed without an answer;
//   503-before-body, ignore-expect, expectation-failed, partial-continue: for requests sent with
//   `Expect: 100-continue` (others pass): a final 503 instead of 100 Continue, no answer to the Expect, 417, or
//   the start of an interim answer and nothing more.
// Requests with `Expect: 100-continue` otherwise get 100 Continue, as from Kestra (Micronaut/Netty).
//
// Test-only control endpoints (never in Kestra):
//   GET  /__fake/flows     {tenant: {namespace: [{id, revision, source}]}} (live flows only)
//   GET  /__fake/state     {tenant: {namespace: {id: {revision, source, deleted, revisions: [{revision, source,
//                          deleted}]}}}} (every flow ever written, with every stored revision)
//   GET  /__fake/state/files  {tenant: {namespace: {path: {type, size, revision, content (base64)}}}}: the
//                          namespace files and folders (paths start with "/", folders end without "/")
//   GET  /__fake/requests  [{method, path, query, contentType, authorization, headers, bodyRead, partFilename}]
//   POST /__fake/seed-file {tenant?, namespace, path, content (base64)}: stores a namespace file as the UI would
//   POST /__fake/seed      {tenant?, namespace, source}: stores a flow as if edited in the UI (no validation)
//   POST /__fake/fault     see above; {"mode": "none"} clears it
//   POST /__fake/reset
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const YAML = require('yaml');

const MAIN_TENANT = 'main';

function parseArgs(argv) {
  const o = { port: 0, host: '127.0.0.1', users: [], tokens: [], tenants: [], legacy: false, fault: null, kestra: '2.0' };
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
    else if (a === '--kestra') o.kestra = next();
    else if (a === '--help') {
      console.log('usage: server.js --port N [--kestra 1.3|2.0] [--user email:pass] [--token T] [--tenant T] [--legacy] ' +
        '[--fault MODE[:COUNT[:METHODS[:SKIP[:PATH]]]]] [--cert C --key K]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  const m = /^(1\.3|2\.0)(?:\.(\d+))?$/.exec(o.kestra);
  if (!m) throw new Error(`--kestra must be 1.3 or 2.0 (optionally with a patch number), not '${o.kestra}'`);
  o.line = m[1];
  o.version = `${m[1]}.${m[2] === undefined ? '0' : m[2]}`;
  for (const u of (process.env.FAKE_KESTRA_USERS || '').split(',').filter(Boolean)) o.users.push(u);
  for (const t of (process.env.FAKE_KESTRA_TOKENS || '').split(',').filter(Boolean)) o.tokens.push(t);
  o.multiTenant = o.tenants.length > 0;
  if (!o.multiTenant) o.tenants.push(MAIN_TENANT);
  return o;
}

let options;
const isV2 = () => options.line === '2.0';

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

// ---- parsing a flow source with a real YAML parser (eemeli/yaml) ----
// Returns {error} or {id, namespace, revision, tasks, triggers, labels, disabled, description}.
function readFlow(source) {
  let doc;
  try {
    doc = YAML.parseDocument(source, { prettyErrors: false });
  } catch (e) {
    return { error: `Unable to parse the flow: ${e.message}` };
  }
  if (doc.errors.length) return { error: `Unable to parse the flow: ${doc.errors[0].message.split('\n')[0]}` };
  const value = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return { error: 'Unable to parse the flow: empty document' };
  if (typeof value !== 'object' || Array.isArray(value)) return { error: 'Unable to parse the flow: not a YAML mapping' };
  const str = (v) => (v === undefined || v === null ? undefined : String(v));
  const items = (list) => (Array.isArray(list) ? list.map((t) => (t && typeof t === 'object' && !Array.isArray(t) ? t : {})) : undefined);
  return {
    id: str(value.id),
    namespace: str(value.namespace),
    revision: typeof value.revision === 'number' ? value.revision : undefined,
    description: str(value.description),
    disabled: value.disabled === true,
    tasks: value.tasks === null ? [] : items(value.tasks),
    triggers: items(value.triggers),
    labels: readLabels(value.labels),
  };
}

// Labels may be written as a map or as a list of {key, value}; Kestra answers them as a list of {key, value}
// in 1.x already (core/src/main/java/io/kestra/core/serializers/ListOrMapOfLabelSerializer.java writes a List as
// a list; the model holds List<Label>) and in 2.0 (OpenAPI 2.0.0-snapshot: Flow.labels is an array of Label).
function readLabels(labels) {
  if (!labels) return undefined;
  if (Array.isArray(labels)) return labels.filter((l) => l && typeof l === 'object').map((l) => ({ key: String(l.key), value: String(l.value) }));
  if (typeof labels === 'object') return Object.entries(labels).map(([key, value]) => ({ key, value: String(value) }));
  return undefined;
}

// The bean-validation checks the fake makes, as Kestra words them ("path: message").
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
      else if (!typeIsKnown(String(item.type))) v.push({ path: `flow.${kind}[${i}].type`, message: `Invalid type: ${item.type}`, invalidType: item.type });
    });
  }
  return v;
}

// Java's String.split drops trailing empty strings (and keeps a leading one when a match starts at 0).
function javaSplit(text, separator) {
  const parts = text.split(separator);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

// ---- errors: Micronaut JsonError as Kestra's ErrorController builds it ----
// webserver/src/main/java/io/kestra/webserver/controllers/ErrorController.java (1.x, commit 0128dba4):
// {message, _links.self}, plus _embedded.errors[{message, path}] for constraint violations.
class HttpError extends Error {
  constructor(status, message, errors) {
    super(message);
    this.status = status;
    this.errors = errors || [];
  }
}
// A ConstraintViolationException answers 422 "Invalid entity: <path>: <message>[, …]" (ErrorController, same
// commit); jakarta's exception message joins "path: message" with ", ".
const invalidEntity = (list) =>
  new HttpError(422, `Invalid entity: ${list.map((e) => `${e.path}: ${e.message}`).join(', ')}`, list);
// The fake's plugin-type check answers as the JSON route does ("Invalid type: <type>", ErrorController's
// InvalidTypeIdException branch); the exact text for a YAML body in 1.3/2.0 is not confirmed in source.
function validationError(list) {
  const invalidType = list.find((e) => e.invalidType);
  return invalidType ? new HttpError(422, `Invalid type: ${invalidType.invalidType}`, list) : invalidEntity(list);
}
// Micronaut's 404 for a route returning null (GET a missing flow) and for HttpResponse.status(NOT_FOUND) (PUT,
// DELETE): ErrorController's status handler answers {message: "Not Found"}. That the explicit-status 404s get
// this body too is not confirmed in source (Micronaut behaviour).
const notFound = () => new HttpError(404, 'Not Found');

function jsonErrorBody(status, message, errors, uri) {
  const body = { message, _links: { self: { href: uri, templated: false } } };
  if (errors && errors.length) body._embedded = { errors: errors.map((e) => ({ message: e.message, path: e.path })) };
  return body;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

// A void controller method: 200 with an empty body (Micronaut), as the specs document (`… 200 response`).
const EMPTY_OK = Symbol('empty 200');

function sendError(res, err, uri) {
  send(res, err.status, jsonErrorBody(err.status, err.message, err.errors, uri));
}

// ---- state: every stored revision of every flow, as Kestra's JDBC flow table keeps them ----
// jdbc/src/main/java/io/kestra/jdbc/repository/AbstractJdbcFlowRepository.java (1.x, commit 003e16c5): a save
// appends a revision row; a delete appends a row with revision + 1 and deleted = true (Flow.toDeleted()).
function newState() {
  return { flows: new Map() }; // tenant → Map(namespace → Map(id → {revisions: [{revision, source, deleted, draft, flow}]}))
}
let state = newState();
let requestLog = [];

function namespaceStore(tenant, namespace, create) {
  if (!state.flows.has(tenant)) {
    if (!create) return new Map();
    state.flows.set(tenant, new Map());
  }
  const byNs = state.flows.get(tenant);
  if (!byNs.has(namespace)) {
    if (!create) return new Map();
    byNs.set(namespace, new Map());
  }
  return byNs.get(namespace);
}

const lastRow = (entry) => (entry && entry.revisions.length ? entry.revisions[entry.revisions.length - 1] : null);
// The latest revision of a flow that is not deleted (findById / findByIdWithSource without allowDeleted).
function findLive(tenant, namespace, id) {
  const row = lastRow(namespaceStore(tenant, namespace, false).get(id));
  return row && !row.deleted ? row : null;
}

// AbstractJdbcFlowRepository.save (1.x, commit 003e16c5): when the live flow "is the same with source"
// (FlowInterface.isSameWithSource, core/.../models/flows/FlowInterface.java: same uid, same deleted and
// disabled flags, and the same source once the first `revision: N` line is removed), nothing is written and the
// existing revision is answered. Otherwise the new revision is the last stored one (deleted rows included) + 1.
// The source stored is the text the endpoint parsed, byte for byte (GenericFlow.fromYaml keeps it as given).
const withoutRevisionLine = (source) => source.replace(/^revision: \d+\n?/m, '');
function save(tenant, flow, source, draft) {
  const store = namespaceStore(tenant, flow.namespace, true);
  let entry = store.get(flow.id);
  if (!entry) store.set(flow.id, (entry = { revisions: [] }));
  const live = findLive(tenant, flow.namespace, flow.id);
  if (live && live.flow.disabled === flow.disabled && !!live.draft === !!draft &&
      withoutRevisionLine(live.source) === withoutRevisionLine(source)) return live;
  const last = lastRow(entry);
  const row = { revision: last ? last.revision + 1 : 1, source, deleted: false, draft: !!draft, flow };
  entry.revisions.push(row);
  return row;
}

function remove(tenant, namespace, id) {
  const entry = namespaceStore(tenant, namespace, false).get(id);
  const live = lastRow(entry);
  entry.revisions.push({ ...live, revision: live.revision + 1, deleted: true });
}

function flowJson(tenant, row, withSource) {
  const f = row.flow;
  const out = { id: f.id, namespace: f.namespace, revision: row.revision };
  if (f.description !== undefined) out.description = f.description;
  if (f.labels) out.labels = f.labels;
  out.tasks = (f.tasks || []).map((t) => ({ id: t.id === undefined ? undefined : String(t.id), type: t.type === undefined ? undefined : String(t.type) }));
  if (f.triggers) out.triggers = f.triggers.map((t) => ({ id: String(t.id), type: String(t.type) }));
  out.disabled = !!f.disabled;
  out.deleted = !!row.deleted;
  // 2.0: every flow revision carries `draft` (OpenAPI 2.0.0-snapshot, Flow/FlowWithSource: required `draft`);
  // not confirmed in the 2.0 controller source, which the search index does not hold.
  if (isV2()) out.draft = !!row.draft;
  if (tenant) out.tenantId = tenant;
  if (withSource) out.source = row.source;
  return out;
}

// ---- HTTP helpers ----
function checkAuth(req) {
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

// ---- faults (selected by --fault or POST /__fake/fault), applied to /api/ requests ----
let fault = null; // { mode, count, methods, skip, path }
function setFault(spec) {
  if (!spec || !spec.mode || spec.mode === 'none') fault = null;
  else
    fault = {
      mode: spec.mode,
      count: spec.count === undefined || spec.count === null || spec.count === '' ? -1 : Number(spec.count),
      methods: String(spec.method || '').split(',').map((m) => m.trim().toUpperCase()).filter(Boolean),
      skip: Number(spec.skip || 0),
      path: spec.path || '',
    };
}

const BEFORE_BODY_MODES = ['503-before-body', 'ignore-expect', 'expectation-failed', 'partial-continue'];

// The fault for this request, consuming one use of it; `beforeBody` selects the modes that answer before
// the body is read (checkContinue), the others apply once it has been read.
function takeFault(req, beforeBody) {
  if (!fault || fault.count === 0) return null;
  if (BEFORE_BODY_MODES.includes(fault.mode) !== beforeBody) return null;
  if (fault.methods.length && !fault.methods.includes(req.method)) return null;
  if (fault.path) {
    const raw = req.url.split('?')[0];
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch (e) {}
    if (!raw.includes(fault.path) && !decoded.includes(fault.path)) return null;
  }
  if (fault.skip > 0) {
    fault.skip--;
    return null;
  }
  if (fault.count > 0) fault.count--;
  return fault.mode;
}

// Answers the request with the fault `mode` (true), or returns false when the request is to be processed.
function applyFault(mode, req, res) {
  switch (mode) {
    case 'close-mid-response':
      res.socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"index":0,');
      res.socket.destroy();
      return true;
    case 'unavailable': // 503 (then 200 once count is used up)
      send(res, 503, jsonErrorBody(503, 'Service Unavailable', [], req.url));
      return true;
    case 'error-500':
      send(res, 500, jsonErrorBody(500, 'Internal server error: injected fault', [], req.url));
      return true;
    case 'error-422':
      send(res, 422, jsonErrorBody(422, 'Invalid entity: flow: injected fault', [{ path: 'flow', message: 'injected fault' }], req.url));
      return true;
    case 'hang':
      return true; // never answers; the socket stays open
    case 'trickle': {
      const text = Buffer.from('[' + ' '.repeat(398) + ']');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': text.length });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || sent === text.length) return clearInterval(timer);
        res.write(text.subarray(sent, ++sent));
        if (sent === text.length) res.end();
      }, 250);
      res.on('close', () => clearInterval(timer));
      res.on('error', () => {});
      return true;
    }
    case 'malformed-json': {
      const text = '[{"index": 0, "flow": ';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': text.length });
      res.end(text);
      return true;
    }
    case 'huge-body':
    case 'huge-chunked': {
      const mib = mode === 'huge-body' ? 80 : 200;
      const headers = { 'Content-Type': 'application/json' };
      if (mode === 'huge-body') headers['Content-Length'] = mib * 1024 * 1024;
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


// ---- namespace files ----
// webserver/src/main/java/io/kestra/webserver/controllers/api/NamespaceFileController.java (kestra-io/kestra,
// commit 0a46f3b4, the newest line in the search index; the 1.3 and 2.0 OpenAPI specs list the same routes and
// parameters, so both --kestra lines answer alike): routes under /api/v1/{tenant}/namespaces/{ns}/files.
// State: tenant → namespace → Map(path → {type: 'File'|'Directory', content: Buffer, revision, created, modified}).
// Paths are absolute ("/a/b.txt"); the root "/" is implicit.
let nsFiles = new Map();

function fileStore(tenant, namespace, create) {
  if (!nsFiles.has(tenant)) {
    if (!create) return new Map();
    nsFiles.set(tenant, new Map());
  }
  const byNs = nsFiles.get(tenant);
  if (!byNs.has(namespace)) {
    if (!create) return new Map();
    byNs.set(namespace, new Map());
  }
  return byNs.get(namespace);
}

const parentOf = (p) => (p.lastIndexOf('/') <= 0 ? '/' : p.slice(0, p.lastIndexOf('/')));

// forbiddenPathsGuard: a path matching /_flows(/.*)?$ answers IllegalArgumentException("Forbidden path: <path>"),
// which ErrorController turns into 422 "Illegal argument: Forbidden path: <path>". The controller builds the path
// with new URI(null, null, path, null) and uses its getPath(), i.e. the decoded text as given. A path with a ".."
// segment is refused by Kestra's storage (StorageInterface's parent traversal guard, an IllegalArgumentException
// → 422); its exact text is not confirmed in source. A path without a leading "/" is taken from the root (the
// delete route adds the "/" explicitly; for the other routes not confirmed in source).
function filePath(raw) {
  if (raw === null || raw === undefined) return null;
  let p = String(raw);
  if (!p.startsWith('/')) p = '/' + p;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  if (/^\/_flows(\/.*)?$/.test(p)) throw new HttpError(422, `Illegal argument: Forbidden path: ${p}`);
  if (p.split('/').some((s) => s === '..' || s === '.'))
    throw new HttpError(422, `Illegal argument: File should be accessed with their full path and not using relative '..' path.`);
  return p;
}

function requiredPath(query) {
  // @QueryValue String path without @Nullable: a missing value is an UnsatisfiedQueryValueRouteException → 400
  // "Bad Request: …" (ErrorController, commit 0128dba4); Micronaut's message text is not reproduced.
  if (!query.has('path')) throw new HttpError(400, 'Bad Request: Required QueryValue [path] not specified');
  return filePath(query.get('path'));
}

// GET …/files?path=: the content, application/octet-stream (getFileContent). A missing file: the storage throws
// FileNotFoundException → 404 "Not Found: …" (ErrorController); the message after "Not Found: " is not confirmed.
function getNamespaceFile(tenant, namespace, query) {
  const p = requiredPath(query);
  const entry = fileStore(tenant, namespace, false).get(p);
  if (!entry || entry.type !== 'File') throw new HttpError(404, `Not Found: File not found: ${p}`);
  return { raw: entry.content, contentType: 'application/octet-stream' };
}

function attributes(p, entry) {
  // NamespaceFileAttributes (FileAttributes in the specs): fileName, lastModifiedTime, creationTime, type, size.
  return { fileName: p.slice(p.lastIndexOf('/') + 1), lastModifiedTime: entry.modified, creationTime: entry.created,
    type: entry.type, size: entry.type === 'File' ? entry.content.length : 0 };
}

// GET …/files/directory?path= (listNamespaceDirectoryFiles): the direct children of the folder (children(path,
// false)), folders included. The root is created when missing and answers []; another missing folder answers
// FileNotFoundException("Directory not found: <path>") → 404 "Not Found: Directory not found: <path>".
function listNamespaceDirectory(tenant, namespace, query) {
  const p = query.has('path') && query.get('path') !== '' ? filePath(query.get('path')) : '/';
  const store = fileStore(tenant, namespace, p === '/');
  if (p !== '/' && (!store.has(p) || store.get(p).type !== 'Directory')) throw new HttpError(404, `Not Found: Directory not found: ${p}`);
  const out = [];
  for (const [child, entry] of store) if (child !== p && parentOf(child) === p) out.push(attributes(child, entry));
  return out;
}

// GET …/files/stats?path= (getFileMetadatas): the attributes of one file or folder; the root when no path.
function statNamespaceFile(tenant, namespace, query) {
  const p = query.has('path') && query.get('path') !== '' ? filePath(query.get('path')) : '/';
  if (p === '/') return { fileName: '', lastModifiedTime: 0, creationTime: 0, type: 'Directory', size: 0 };
  const entry = fileStore(tenant, namespace, false).get(p);
  if (!entry) throw new HttpError(404, `Not Found: File not found: ${p}`);
  return attributes(p, entry);
}

// The multipart body's parts: [{name, filename, contentType, data: Buffer}] (RFC 7578).
function multipartParts(req) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] || '');
  if (!m) return null;
  const boundary = Buffer.from(`--${m[1] || m[2]}`);
  const raw = req.rawBody;
  const parts = [];
  let at = raw.indexOf(boundary);
  while (at >= 0) {
    let start = at + boundary.length;
    if (raw.slice(start, start + 2).toString() === '--') break;
    start += 2; // CRLF after the boundary line
    const headEnd = raw.indexOf('\r\n\r\n', start);
    if (headEnd < 0) return null;
    const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headEnd + 4);
    if (next < 0) return null;
    const head = raw.slice(start, headEnd).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(head);
    const name = disposition && /\bname="([^"]*)"/.exec(disposition[0]);
    const filename = disposition && /\bfilename="([^"]*)"/.exec(disposition[0]);
    const type = /content-type:\s*([^\r\n]*)/i.exec(head);
    parts.push({ name: name ? name[1] : '', filename: filename ? filename[1] : null, contentType: type ? type[1] : '',
      data: raw.slice(headEnd + 4, next) });
    at = next + 2;
  }
  return parts;
}

// POST …/files?path= (createNamespaceFile, consumes multipart/form-data, part `fileContent`): putNamespaceFile
// stores the bytes as sent, creating the missing parent folders, and answers 200 with no body (a void method).
// A part whose filename ends with ".zip" is unpacked instead (innerCreateNamespaceFile): the fake answers 422 for
// it (not modelled), so a client that sends file names as they are would be caught. A path under /_flows/ imports
// a flow (not modelled: 422 as a forbidden path). A name component longer than 255 characters answers 422
// "Illegal argument: A file or folder name exceeds the maximum length of 255 characters.".
function putNamespaceFile(tenant, namespace, query, req) {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] || '')) throw new HttpError(415, 'Unsupported Media Type');
  const p = requiredPath(query);
  const parts = multipartParts(req);
  const part = parts && parts.find((x) => x.name === 'fileContent');
  // A missing @Part: Micronaut's UnsatisfiedBodyRouteException → 422 "Invalid route params" (ErrorController);
  // Micronaut's message after it is not reproduced.
  if (!part) throw new HttpError(422, 'Invalid route params: Required Part [fileContent] not specified');
  if (req.logEntry) req.logEntry.partFilename = part.filename;
  if ((part.filename || '').toLowerCase().endsWith('.zip'))
    throw new HttpError(422, 'Illegal argument: the fake does not unpack .zip uploads (Kestra would)');
  if (p === '/') throw new HttpError(422, 'Illegal argument: cannot write the root folder');
  if (p.split('/').some((s) => s.length > 255))
    throw new HttpError(422, 'Illegal argument: A file or folder name exceeds the maximum length of 255 characters.');
  const store = fileStore(tenant, namespace, true);
  for (let dir = parentOf(p); dir !== '/'; dir = parentOf(dir)) {
    const existing = store.get(dir);
    if (existing && existing.type === 'File') throw new HttpError(422, `Illegal argument: ${dir} is a file`);
    if (!existing) store.set(dir, { type: 'Directory', content: Buffer.alloc(0), revision: 1, created: Date.now(), modified: Date.now() });
  }
  const previous = store.get(p);
  if (previous && previous.type === 'Directory') throw new HttpError(422, `Illegal argument: ${p} is a folder`);
  // Every write is a new revision of the file (NamespaceFileMetadata revisions, newest Kestra line).
  store.set(p, { type: 'File', content: Buffer.from(part.data), revision: previous ? previous.revision + 1 : 1,
    created: previous ? previous.created : Date.now(), modified: Date.now() });
  return EMPTY_OK;
}

// DELETE …/files?path= (deleteFileDirectory → innerDeleteFileDirectory): a "/" is prepended when missing; while
// the folder holding the path has exactly one child, that folder is deleted instead ("zombie-aware", up to the
// root); the path is deleted with everything under it. 200 with no body; a missing path deletes nothing (the
// storage's delete of nothing; not confirmed in source).
function deleteNamespaceFile(tenant, namespace, query) {
  let p = requiredPath(query);
  if (p === '/') {
    fileStore(tenant, namespace, false).clear();
    return EMPTY_OK;
  }
  const store = fileStore(tenant, namespace, false);
  const childrenOf = (dir) => [...store.keys()].filter((k) => parentOf(k) === dir);
  for (let parent = parentOf(p); parent !== '/' && childrenOf(parent).length === 1; parent = parentOf(parent)) p = parent;
  for (const k of [...store.keys()]) if (k === p || k.startsWith(p + '/')) store.delete(k);
  return EMPTY_OK;
}

function filesDump() {
  const out = {};
  for (const [tenant, byNs] of nsFiles)
    for (const [ns, files] of byNs)
      for (const [p, e] of files)
        ((out[tenant] ||= {})[ns] ||= {})[p] = { type: e.type, size: e.content.length, revision: e.revision,
          content: e.content.toString('base64') };
  return out;
}

function namespaceFilesRoute(tenant, rest, req, query) {
  // rest = [namespace, 'files', …]
  const ns = rest[0];
  const m = req.method;
  if (rest.length === 2) {
    if (m === 'GET') return getNamespaceFile(tenant, ns, query);
    if (m === 'POST') return putNamespaceFile(tenant, ns, query, req);
    if (m === 'DELETE') return deleteNamespaceFile(tenant, ns, query);
  }
  if (rest.length === 3 && rest[2] === 'directory' && m === 'GET') return listNamespaceDirectory(tenant, ns, query);
  if (rest.length === 3 && rest[2] === 'stats' && m === 'GET') return statNamespaceFile(tenant, ns, query);
  throw new HttpError(404, 'Page Not Found');
}

// ---- Kestra endpoints ----

// POST /api/v1/{tenant}/flows/validate (YAML body).
// webserver/src/main/java/io/kestra/webserver/controllers/api/FlowController.java `validateFlows` (1.x, commit
// 044883a0): the body is trimmed and split with the regex \n+---\n*? ; core/.../services/FlowService.java
// `validate` (1.x, commit 011d5d81) answers one ValidateConstraintViolation per piece, `index` from 0, always 200;
// `outdated` only when the piece carries a `revision` (sent != last revision + 1); constraints only when invalid.
function validate(tenant, body) {
  return javaSplit(body.trim(), /\n+---\n*?/).map((doc, index) => {
    const flow = readFlow(doc);
    if (flow.error) return { index, outdated: false, constraints: flow.error };
    const result = { index, flow: flow.id, namespace: flow.namespace, outdated: false, deprecationPaths: [], warnings: [], infos: [] };
    if (flow.revision !== undefined) {
      const entry = namespaceStore(tenant, flow.namespace, false).get(flow.id);
      const last = lastRow(entry);
      result.outdated = flow.revision !== (last && !last.deleted ? last.revision : 0) + 1;
    }
    const v = violations(flow);
    if (v.length) result.constraints = v.map((x) => (x.invalidType ? x.message : `${x.path.replace(/^flow\./, '')}: ${x.message}`)).join('\n');
    if (result.flow === undefined) delete result.flow;
    if (result.namespace === undefined) delete result.namespace;
    return result;
  });
}

// The uid Kestra prints in its namespace message: FlowId.uid (core/.../models/flows/FlowId.java, 1.x) joins
// tenant, namespace, id and the revision (-1 when the source has none) with "_" (IdUtils.fromParts), skipping a
// null tenant.
const flowUid = (tenant, flow) => [tenant, flow.namespace, flow.id, flow.revision === undefined ? -1 : flow.revision].filter((p) => p !== null && p !== undefined && p !== '').join('_');

// POST /api/v1/{tenant}/flows/{namespace} (YAML body): FlowController.updateFlowsInNamespace and
// bulkUpdateOrCreate (1.x, commit 044883a0). The 2.0 controller is not in the search index; the 2.0 OpenAPI
// spec (2.0.0-snapshot) documents the same route and parameters, so 2.0 is modelled the same way (not confirmed
// in source).
function updateNamespace(tenant, namespace, query, body) {
  // `delete` defaults to true when absent (@QueryValue(defaultValue = "true")). The YAML route has no
  // `override` parameter (only the multipart route of the same controller rewrites `namespace:`): it is ignored.
  const doDelete = query.get('delete') !== 'false';
  // A missing body is null (@Nullable): no flows at all. Whether Micronaut binds an empty body as null or as ""
  // is not confirmed in source; the fake treats an empty body as null.
  const pieces = body === '' ? [] : javaSplit(body, '---'); // flows.split("---"): every "---", anywhere
  // Each piece is trimmed and parsed (GenericFlow.fromYaml) before anything is written.
  const flows = [];
  for (const piece of pieces) {
    const source = piece.trim();
    const flow = readFlow(source);
    // A parse failure becomes a constraint violation answered 422 (YamlParser); its exact text is not
    // confirmed in source. An empty piece (a body starting with "---") fails here too.
    if (flow.error) throw invalidEntity([{ path: 'flow', message: flow.error }]);
    // A flow without id or namespace cannot be compared below (Kestra would fail on the null); not confirmed
    // in source, answered as a violation before any write.
    if (!flow.id || !flow.namespace) throw invalidEntity(violations(flow).filter((v) => v.path === 'flow.id' || v.path === 'flow.namespace'));
    flows.push({ flow, source });
  }
  // Namespace check: exact equality, before any write (bulkUpdateOrCreate; allowNamespaceChild is false on this
  // route). 1.x wording "<uid> - flow namespace is invalid" on path flow.namespace; 0.21 (--legacy) said
  // "Flow namespace is invalid" (0.21 FlowController, commit 58c1ca2d, per cli-and-api.md §2.2).
  const wrong = flows.filter(({ flow }) => flow.namespace !== namespace);
  if (wrong.length)
    throw invalidEntity(wrong.map(({ flow }) => ({
      path: 'flow.namespace',
      message: options.legacy ? 'Flow namespace is invalid' : `${flowUid(tenant, flow)} - flow namespace is invalid`,
    })));
  // Duplicate ids: one violation on flow.id, before any write.
  const ids = flows.map(({ flow }) => flow.id);
  if (new Set(ids).size < ids.length) throw invalidEntity([{ path: 'flow.id', message: 'Duplicate flow id' }]);

  // Deletions first: every live flow of exactly this namespace whose id is not submitted (findByNamespaceWithSource
  // filters NAMESPACE_FIELD.eq(namespace), AbstractJdbcFlowRepository). They are answered as they were before
  // the deletion (deleted: false, revision unchanged), with their source (FlowWithSource).
  const out = [];
  if (doDelete) {
    for (const [id, entry] of [...namespaceStore(tenant, namespace, false)]) {
      const live = lastRow(entry);
      if (!live || live.deleted || ids.includes(id)) continue;
      out.push(flowJson(tenant, live, true));
      remove(tenant, namespace, id);
    }
  }
  // Then each flow, one at a time: update when a live flow exists (AbstractJdbcFlowRepository.update validates
  // it), else create (FlowService.create validates it). A failure on flow k answers an error after the
  // deletions and flows 1..k-1 were committed. Kestra answers 422 for a failed create; a failed update may
  // surface as a 500 (the repository rethrows a FlowProcessingException unchanged): the fake answers 422 for
  // both (not confirmed in source).
  for (const { flow, source } of flows) {
    const v = violations(flow);
    if (v.length) throw validationError(v);
    out.push(flowJson(tenant, save(tenant, flow, source, false), true));
  }
  return out;
}

// POST /api/v1/{tenant}/flows (YAML body): FlowController.createFlow → FlowService.create (1.x): a blank source
// is refused ("Cannot create flow with null or blank source", IllegalArgumentException → 422 "Illegal argument:
// …"), the flow is validated, then AbstractJdbcFlowRepository.create refuses a live flow with the same id:
// 422 "Invalid entity: flow.id: Flow id already exists". The stored source is the body as sent (not trimmed).
// 2.0: `draft` query parameter (default false); drafts are not validated for constraint violations (OpenAPI
// 2.0.0-snapshot, parameter description; not confirmed in the 2.0 controller source).
function createFlow(tenant, query, body) {
  if (body.trim() === '') throw new HttpError(422, 'Illegal argument: Cannot create flow with null or blank source');
  const flow = readFlow(body);
  if (flow.error) throw invalidEntity([{ path: 'flow', message: flow.error }]);
  const draft = isV2() && query.get('draft') === 'true';
  const v = violations(flow);
  if (!draft && v.length) throw validationError(v);
  if (!flow.id || !flow.namespace) throw invalidEntity(v);
  if (findLive(tenant, flow.namespace, flow.id)) throw invalidEntity([{ path: 'flow.id', message: 'Flow id already exists' }]);
  return flowJson(tenant, save(tenant, flow, body, draft), true);
}

// PUT /api/v1/{tenant}/flows/{namespace}/{id} (YAML body): FlowController.updateFlow (1.x): 404 when no live
// flow has that namespace and id; the body is parsed and validated, then AbstractJdbcFlowRepository.update checks
// Flow.validateUpdate (core/.../models/flows/Flow.java, 1.x): a different id → flow.id "Illegal flow id update",
// a different namespace → flow.namespace "Illegal namespace update" (422 "Invalid entity: …"). A new revision
// only when the source differs (save above). 2.0: `draft` as for create.
function updateFlow(tenant, namespace, id, query, body) {
  const previous = findLive(tenant, namespace, id);
  if (!previous) throw notFound();
  const flow = readFlow(body);
  if (flow.error) throw invalidEntity([{ path: 'flow', message: flow.error }]);
  const draft = isV2() && query.get('draft') === 'true';
  const v = violations(flow);
  if (!draft && v.length) throw validationError(v);
  const update = [];
  if (flow.id !== id) update.push({ path: 'flow.id', message: 'Illegal flow id update' });
  if (flow.namespace !== namespace) update.push({ path: 'flow.namespace', message: 'Illegal namespace update' });
  if (update.length) throw invalidEntity(update);
  return flowJson(tenant, save(tenant, flow, body, draft), true);
}

// GET /api/v1/{tenant}/flows/{namespace}/{id}: FlowController.getFlow (1.x): `source` (default false) adds the
// source, `revision` reads that revision, `allowDeleted` (default false) also finds a deleted flow; nothing found
// → the controller returns null → 404 "Not Found".
function getFlow(tenant, namespace, id, query) {
  const entry = namespaceStore(tenant, namespace, false).get(id);
  if (!entry) throw notFound();
  const allowDeleted = query.get('allowDeleted') === 'true';
  let row;
  if (query.has('revision')) row = entry.revisions.find((r) => r.revision === Number(query.get('revision')));
  else row = lastRow(entry);
  if (!row || (row.deleted && !allowDeleted)) throw notFound();
  return flowJson(tenant, row, query.get('source') === 'true');
}

// GET /api/v1/{tenant}/flows/{namespace}/{id}/revisions: FlowController.listFlowRevisions (1.x): every stored
// revision with its source (FlowWithSource), deleted rows only with allowDelete=true; an unknown flow gives [].
function listRevisions(tenant, namespace, id, query) {
  const entry = namespaceStore(tenant, namespace, false).get(id);
  if (!entry) return [];
  const allowDelete = query.get('allowDelete') === 'true';
  return entry.revisions.filter((r) => allowDelete || !r.deleted).map((r) => flowJson(tenant, r, true));
}

// DELETE /api/v1/{tenant}/flows/{namespace}/{id}: FlowController.deleteFlow (1.x): 204 when a live flow was
// deleted (a new revision row, deleted), 404 otherwise.
function deleteFlow(tenant, namespace, id) {
  if (!findLive(tenant, namespace, id)) throw notFound();
  remove(tenant, namespace, id);
}

// GET /api/v1/{tenant}/flows/{namespace}: FlowController.listFlowsByNamespace (1.x): the live flows of exactly
// that namespace, as Flow (no source).
function listNamespace(tenant, namespace) {
  const out = [];
  for (const entry of namespaceStore(tenant, namespace, false).values()) {
    const row = lastRow(entry);
    if (row && !row.deleted) out.push(flowJson(tenant, row, false));
  }
  return out;
}

// GET /api/v1/configs (not tenant-scoped): webserver/.../controllers/api/MiscController.java `getConfiguration`
// (1.x, commit 020734a4): uuid, edition (EditionProvider.Edition: OSS or EE), version, commitId, commitDate, the
// feature flags, preview, systemNamespace, hiddenLabelsPrefixes, isBasicAuthInitialized, pluginsHash. The values
// below are the fake's; the version string is the --kestra line with its patch number (OSS builds report no
// suffix there; the management /version endpoint adds "-oss", per cli-and-api.md §4, not re-checked).
function configs() {
  return {
    uuid: '00000000-0000-4000-8000-00000000fa4e',
    version: options.version,
    edition: 'OSS',
    commitId: 'fake',
    commitDate: '2026-01-01T00:00:00Z',
    chartDefaultDuration: 'P30D',
    isCustomDashboardsEnabled: false,
    isAnonymousUsageEnabled: false,
    isUiAnonymousUsageEnabled: false,
    preview: { initial: 100, max: 5000 },
    systemNamespace: 'system',
    hiddenLabelsPrefixes: [],
    isAiEnabled: false,
    isBasicAuthInitialized: true,
    pluginsHash: 0,
  };
}

function logRequest(req, url, bodyRead) {
  req.logEntry = { method: req.method, path: url.pathname, query: url.search, contentType: req.headers['content-type'] || '', authorization: (req.headers.authorization || 'none').split(' ')[0], headers: req.headers, bodyRead };
  requestLog.push(req.logEntry);
}

function stateDump() {
  const out = {};
  for (const [tenant, byNs] of state.flows)
    for (const [ns, flows] of byNs)
      for (const [id, entry] of flows) {
        const last = lastRow(entry);
        if (!last) continue;
        ((out[tenant] ||= {})[ns] ||= {})[id] = {
          revision: last.revision,
          source: last.source,
          deleted: last.deleted,
          revisions: entry.revisions.map((r) => ({ revision: r.revision, source: r.source, deleted: r.deleted })),
        };
      }
  return out;
}

function control(segments, req, res, body) {
  if (segments[1] === 'flows') {
    const out = {};
    for (const [tenant, byNs] of state.flows)
      for (const [ns, flows] of byNs)
        for (const [id, entry] of flows) {
          const row = lastRow(entry);
          if (row && !row.deleted) ((out[tenant] ||= {})[ns] ||= []).push({ id, revision: row.revision, source: row.source });
        }
    return send(res, 200, out);
  }
  if (segments[1] === 'state' && segments[2] === 'files') return send(res, 200, filesDump());
  if (segments[1] === 'state') return send(res, 200, stateDump());
  if (segments[1] === 'seed-file' && req.method === 'POST') {
    const spec = JSON.parse(body || '{}');
    const tenant = spec.tenant === undefined ? MAIN_TENANT : spec.tenant;
    const fakeReq = { headers: {} };
    const content = Buffer.from(String(spec.content || ''), 'base64');
    const boundary = 'seed';
    fakeReq.headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    fakeReq.rawBody = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fileContent"; filename="seed"\r\n\r\n`),
      content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    try {
      putNamespaceFile(tenant, spec.namespace, new URLSearchParams({ path: spec.path }), fakeReq);
    } catch (e) {
      return send(res, 400, { message: e.message });
    }
    return send(res, 200, {});
  }
  if (segments[1] === 'requests') return send(res, 200, requestLog);
  if (segments[1] === 'fault' && req.method === 'POST') {
    setFault(JSON.parse(body || '{}'));
    return send(res, 200, { fault });
  }
  if (segments[1] === 'seed' && req.method === 'POST') {
    const spec = JSON.parse(body || '{}');
    const tenant = spec.tenant === undefined ? (options.legacy ? '' : MAIN_TENANT) : spec.tenant;
    const flow = readFlow(String(spec.source || ''));
    if (flow.error || !flow.id) return send(res, 400, { message: flow.error || 'the source has no id' });
    flow.namespace = spec.namespace || flow.namespace;
    const row = save(tenant, flow, String(spec.source), false);
    return send(res, 200, { tenant, namespace: flow.namespace, id: flow.id, revision: row.revision });
  }
  if (segments[1] === 'reset' && req.method === 'POST') {
    state = newState();
    nsFiles = new Map();
    requestLog = [];
    fault = null;
    return send(res, 200, {});
  }
  return sendError(res, new HttpError(404, 'Not Found'), req.url);
}

function route(req, res, body) {
  const url = new URL(req.url, 'http://fake');
  let segments;
  try {
    segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch (e) {
    return sendError(res, new HttpError(400, 'Bad Request'), req.url);
  }
  if (segments[0] === '__fake') return control(segments, req, res, body);
  logRequest(req, url, true);

  if (req.method === 'GET' && url.pathname === '/ping') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return res.end('pong');
  }
  if (segments[0] !== 'api' || segments[1] !== 'v1') return sendError(res, new HttpError(404, 'Page Not Found'), req.url);

  const auth = checkAuth(req);
  if (!auth) {
    // OSS AuthenticationFilter (0.21 webserver/.../filter/AuthenticationFilter.java): 401, WWW-Authenticate,
    // empty body. Newer lines may answer problem+json (cli-and-api.md §4); not modelled.
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Kestra"', 'Content-Length': 0 });
    return res.end();
  }
  const mode = takeFault(req, false);
  if (mode === 'close-after-write') {
    // Processed and committed as usual, then the connection is dropped instead of answering.
    const sink = { writeHead() {}, end() { req.socket.destroy(); } };
    return dispatch(req, sink, body, url, segments);
  }
  if (applyFault(mode, req, res)) return;
  return dispatch(req, res, body, url, segments);
}

function dispatch(req, res, body, url, segments) {
  try {
    const answer = handle(req, body, url, segments);
    if (answer === undefined) {
      res.writeHead(204, { 'Content-Length': 0 });
      return res.end();
    }
    if (answer === EMPTY_OK) {
      res.writeHead(200, { 'Content-Length': 0 });
      return res.end();
    }
    if (answer && Buffer.isBuffer(answer.raw)) {
      res.writeHead(200, { 'Content-Type': answer.contentType, 'Content-Length': answer.raw.length, 'Cache-Control': 'no-cache' });
      return res.end(answer.raw);
    }
    return send(res, 200, answer);
  } catch (e) {
    if (e instanceof HttpError) return sendError(res, e, req.url);
    return sendError(res, new HttpError(500, `Internal server error: ${e.message}`), req.url);
  }
}

const yamlBody = (req) => /^application\/x-yaml/.test(req.headers['content-type'] || '');

function handle(req, body, url, segments) {
  const query = url.searchParams;
  // GET /api/v1/configs: global, no tenant (MiscController, @Controller("/api/v1") + @Get("/configs")).
  if (segments.length === 3 && segments[2] === 'configs' && req.method === 'GET') return configs();

  let tenant;
  let rest;
  if (options.legacy) {
    if (segments[2] !== 'flows') throw new HttpError(404, 'Page Not Found');
    tenant = '';
    rest = segments.slice(3);
  } else {
    if (segments[3] !== 'flows' && !(segments[3] === 'namespaces' && segments[5] === 'files'))
      throw new HttpError(404, 'Page Not Found');
    tenant = segments[2];
    rest = segments.slice(4);
    if (!options.multiTenant) {
      // OSS: webserver/.../filter/TenantValidationFilter.java (1.x): a route matched with a {tenant} other than
      // "main" throws HttpStatusException(400, "Tenant must be 'main' for OSS version"); ErrorController
      // answers "<reason>: <message>" → "Bad Request: Tenant must be 'main' for OSS version" (the 1.x webserver
      // test expects exactly that message).
      if (tenant !== MAIN_TENANT) throw new HttpError(400, "Bad Request: Tenant must be 'main' for OSS version");
    } else if (!options.tenants.includes(tenant)) {
      // Multi-tenant (--tenant): an unknown tenant answers 404 "Tenant not found: '<t>'" (the multi-tenant branch
      // of a TenantValidationFilter variant found in the index; EE's own text is not confirmed in source).
      throw new HttpError(404, `Not Found: Tenant not found: '${tenant}'`);
    }
  }
  const key = tenant;
  const m = req.method;
  if (!options.legacy && segments[3] === 'namespaces') return namespaceFilesRoute(key, rest, req, query);

  if (m === 'POST' && rest.length === 1 && rest[0] === 'validate') {
    if (!yamlBody(req)) throw new HttpError(415, 'Unsupported Media Type');
    return validate(key, body);
  }
  if (m === 'POST' && rest.length === 0) {
    if (!yamlBody(req)) throw new HttpError(415, 'Unsupported Media Type');
    return createFlow(key, query, body);
  }
  if (m === 'POST' && rest.length === 1) {
    if (!yamlBody(req)) throw new HttpError(415, 'Unsupported Media Type');
    return updateNamespace(key, rest[0], query, body);
  }
  if (m === 'GET' && rest.length === 1) return listNamespace(key, rest[0]);
  if (m === 'GET' && rest.length === 2) return getFlow(key, rest[0], rest[1], query);
  if (m === 'GET' && rest.length === 3 && rest[2] === 'revisions') return listRevisions(key, rest[0], rest[1], query);
  if (m === 'PUT' && rest.length === 2) {
    if (!yamlBody(req)) throw new HttpError(415, 'Unsupported Media Type');
    return updateFlow(key, rest[0], rest[1], query, body);
  }
  if (m === 'DELETE' && rest.length === 2) return deleteFlow(key, rest[0], rest[1]);
  throw new HttpError(404, 'Page Not Found');
}

function main() {
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fake-kestra: ${e.message}`);
    process.exit(2);
  }
  if (options.fault) {
    // MODE[:COUNT[:METHODS[:SKIP[:PATH]]]], COUNT -1 = always
    const [mode, count, method, skip, faultPath] = options.fault.split(':');
    setFault({ mode, count: count === undefined || count === '' ? -1 : Number(count), method, skip, path: faultPath });
  }
  const handler = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        req.rawBody = Buffer.concat(chunks);
        route(req, res, req.rawBody.toString('utf8'));
      } catch (e) {
        sendError(res, new HttpError(500, `Internal server error: ${e.message}`), req.url);
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
    if (mode === 'ignore-expect') return handler(req, res); // logged once its body is read
    if (mode) logRequest(req, new URL(req.url, 'http://fake'), false);
    if (mode === 'partial-continue') return res.socket.write('HTTP/1.1 10'); // and nothing more
    if (mode === '503-before-body' || mode === 'expectation-failed') {
      const [status, message] = mode === '503-before-body' ? [503, 'Service Unavailable'] : [417, 'Expectation Failed'];
      const text = JSON.stringify(jsonErrorBody(status, message, [], req.url));
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), Connection: 'close' });
      return res.end(text);
    }
    res.writeContinue();
    handler(req, res);
  });
  server.keepAliveTimeout = 30000;
  server.listen(options.port, options.host, () => {
    const { port } = server.address();
    console.log(`fake Kestra ${options.version} listening on ${tls ? 'https' : 'http'}://${options.host}:${port}`);
  });
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
