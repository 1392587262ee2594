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
//
// Environment: PORT (0 for any), ESAHAYAK_WEBHOOK_SECRET (whsec_…, for /verified).
// Output (stdout), one JSON object per line: first {"listening": PORT}, then one
// per request: {"route", "headers", "body", "verified"?, "error"?}.
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

const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ listening: server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
