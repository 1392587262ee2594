// Verifies captured webhook requests with the Standard Webhooks reference
// library for JavaScript, for interop/reference_test.go, the way an
// Express receiver behind express.raw() does: the body is a Buffer of the
// bytes received, the headers are Node's lower-case ones.
//
// Input (stdin), one JSON object per line:
//   {"name", "secret": "whsec_…", "headers": {…}, "body_base64", "now_ms"?}
// now_ms, when given, is the receiver's clock (Date.now) for that request,
// so that the timestamp tolerance can be tried at its edges. A line with
// "sign": {"id", "timestamp"} (Unix seconds) signs the body instead.
// Output (stdout), one JSON object per input line, in order:
//   {"name", "ok": true, "id": "<payload id>"} or {"name", "ok": false, "error": "…"},
//   or {"name", "signature": "v1,…"} for a line that signs.
const readline = require('node:readline');
const { Webhook } = require('standardwebhooks');

const realNow = Date.now;
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  const msg = JSON.parse(line);
  let result;
  if (msg.sign) {
    const body = Buffer.from(msg.body_base64, 'base64');
    const signature = new Webhook(msg.secret).sign(msg.sign.id, new Date(msg.sign.timestamp * 1000), body);
    process.stdout.write(JSON.stringify({ name: msg.name, signature }) + '\n');
    return;
  }
  try {
    Date.now = typeof msg.now_ms === 'number' ? () => msg.now_ms : realNow;
    const payload = new Webhook(msg.secret).verify(Buffer.from(msg.body_base64, 'base64'), msg.headers);
    result = { name: msg.name, ok: true, id: payload && payload.id };
  } catch (err) {
    result = { name: msg.name, ok: false, error: String(err && err.message) };
  } finally {
    Date.now = realNow;
  }
  process.stdout.write(JSON.stringify(result) + '\n');
});
