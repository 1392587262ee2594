// Verifies webhook messages with the Standard Webhooks reference library for
// JavaScript, for webhook/interop_node_test.go.
//
// Input (stdin): one JSON object per line:
//   {"name": "...", "secret": "whsec_...", "headers": {"webhook-id": ...}, "body": "<raw body>"}
// Output (stdout): one JSON object per input line, in order:
//   {"name": "...", "ok": true, "id": "<payload id>"} or {"name": "...", "ok": false, "error": "..."}
import { createInterface } from "node:readline";
import { Webhook } from "standardwebhooks";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  const msg = JSON.parse(line);
  let result;
  try {
    const payload = new Webhook(msg.secret).verify(msg.body, msg.headers);
    result = { name: msg.name, ok: true, id: payload?.id ?? null };
  } catch (err) {
    result = { name: msg.name, ok: false, error: String(err?.message ?? err) };
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}
