// A webhook receiver written the way the eSahayak guide's Node/Express
// examples are, for interop/interop_test.go. It is what a customer would
// write, so it proves what a customer gets.
//
//   POST /webhooks/esahayak           the guide's "Example Endpoint Implementation":
//                                     express.json(), answer 200 {received: true}
//   POST /webhooks/esahayak/verified  the guide's "Complete Webhook Handler" with the
//                                     signature check the guide announced, done with
//                                     the Standard Webhooks reference library:
//                                     express.raw() and new Webhook(secret).verify()
//   POST /webhooks/esahayak/crypto    the same, verified with node:crypto alone, as
//                                     docs/receiving.md shows it (verifyWebhook)
//
// Environment: PORT (0 for any), ESAHAYAK_WEBHOOK_SECRET (whsec_…, for /verified).
// Output (stdout), one JSON object per line: first {"listening": PORT}, then one
// per request: {"route", "headers", "body", "verified"?, "error"?}.
const crypto = require('node:crypto');
const express = require('express');
const { Webhook } = require('standardwebhooks');

const app = express();
const secret = process.env.ESAHAYAK_WEBHOOK_SECRET;
const wh = secret ? new Webhook(secret) : null;

function record(route, req, body, extra) {
  process.stdout.write(JSON.stringify({ route, headers: req.headers, body, ...extra }) + '\n');
}

app.post('/webhooks/esahayak', express.json(), (req, res) => {
  const event = req.body;
  record('guide', req, event);
  res.status(200).json({ received: true });
});

app.post('/webhooks/esahayak/verified', express.raw({ type: 'application/json' }), (req, res) => {
  let payload;
  try {
    payload = wh.verify(req.body, req.headers); // throws unless a signature matches
  } catch (err) {
    record('verified', req, null, { verified: false, error: String(err && err.message) });
    return res.status(401).json({ error: 'Invalid signature' });
  }
  record('verified', req, payload, { verified: true });
  res.status(200).json({ received: true, event_id: payload.id, processed_at: new Date().toISOString() });
});

// verifyWebhook is docs/receiving.md's "Node.js without a library", word for
// word: keep the two the same.
const key = secret ? webhookKey(secret) : null;

// Buffer.from(…, 'base64') skips what is not base64: a secret still in quotes
// (docker run --env-file keeps them) or an API key would make a wrong key, and
// every request would fail. Refuse it at start, as the Go package does.
function webhookKey(secret) {
  const b64 = secret.trim().replace(/^whsec_/, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw new Error('ESAHAYAK_WEBHOOK_SECRET is not a whsec_… signing secret: give it whole, without quotes');
  }
  return Buffer.from(b64, 'base64');
}

// Returns the verified event, or throws. body is the raw Buffer (express.raw).
function verifyWebhook(body, headers) {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !ts || !signatures) throw new Error('missing signature headers');
  // Unix seconds, at most 5 minutes off either way: older is a replay.
  if (!/^[0-9]+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
    throw new Error('timestamp outside tolerance');
  }
  const expected = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest();
  // "v1,<base64>" entries separated by spaces: two during a secret rotation,
  // and any one of them may be the one your secret makes.
  const ok = signatures.split(' ').some((entry) => {
    const [version, sig] = entry.split(',');
    if (version !== 'v1' || !sig) return false;
    const got = Buffer.from(sig, 'base64');
    // timingSafeEqual throws on different lengths; compare equal lengths only.
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  });
  if (!ok) throw new Error('no matching signature');
  return JSON.parse(body); // only now: nothing unsigned reaches the parser
}

app.post('/webhooks/esahayak/crypto', express.raw({ type: 'application/json' }), (req, res) => {
  let event;
  try {
    event = verifyWebhook(req.body, req.headers);
  } catch (err) {
    record('crypto', req, null, { verified: false, error: String(err && err.message) });
    return res.status(401).json({ error: 'Invalid signature' });
  }
  record('crypto', req, event, { verified: true });
  res.status(200).json({ received: true, event_id: event.id });
});

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ listening: server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
