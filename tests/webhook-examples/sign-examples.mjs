// Writes every example payload of @octokit/webhooks-examples (GitHub's own, one per event and action)
// into DIR, signed with @octokit/webhooks-methods (an independent signer), for
// tests/integration/webhook/WebhookExamplesTest.cpp:
//   node sign-examples.mjs DIR SECRET
// DIR/manifest.json lists {event, file, signature}; DIR/<n>.json holds the exact body that was signed.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";

const [dir, secret] = process.argv.slice(2);
if (!dir || !secret) {
  console.error("usage: node sign-examples.mjs DIR SECRET");
  process.exit(2);
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples");
const manifest = [];
for (const { name, examples: payloads } of examples) {
  for (const payload of payloads) {
    const body = JSON.stringify(payload);
    const file = `${manifest.length}.json`;
    writeFileSync(join(dir, file), body);
    manifest.push({ event: name, file, signature: await sign(secret, body) });
  }
}
writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
