import json, sys, time, urllib.request, subprocess, threading
from concurrent.futures import ThreadPoolExecutor
B, K, kind = sys.argv[1], sys.argv[2], sys.argv[3]
def call(method, path, body=None, tok=None):
    r=urllib.request.Request(B+path, json.dumps(body).encode() if body is not None else None, headers={'Authorization':'Bearer '+(tok or K),'Content-Type':'application/json'}, method=method)
    try: resp=urllib.request.urlopen(r); return resp.status, json.load(resp)
    except urllib.error.HTTPError as e: return e.code, json.load(e)
def count_events(ids):
    q="select id from events"
    if kind=='sqlite':
        out=subprocess.run(['sqlite3',sys.argv[4],q],capture_output=True,text=True).stdout
    else:
        out=subprocess.run(['psql','-h','127.0.0.1','-U','postgres','-d',sys.argv[4],'-Atc',q],capture_output=True,text=True).stdout
    have=set(out.split())
    return sum(1 for i in ids if i in have)
c,ep=call('POST','/v1/webhook_endpoints',{'url':'http://127.0.0.1:22111/ret','events':['stamp.uploaded']})
assert c==201, ep
def one(_):
    c,o=call('POST','/v1/orders',{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": True})
    c,u=call('POST','/v1/orders/%s/upload'%o['id'],tok='op')
    return o['id']
t0=time.time()
with ThreadPoolExecutor(4) as ex: A_orders=list(ex.map(one, range(300)))
tA=time.time()
with ThreadPoolExecutor(4) as ex: B_orders=list(ex.map(one, range(50)))
tB=time.time()
print(f"A created in {tA-t0:.1f}s, B by {tB-t0:.1f}s", flush=True)
time.sleep(3)
# collect deliveries for the endpoint
dl=[]; cur=None
while True:
    c,j=call('GET','/v1/deliveries?endpoint_id=%s&limit=100%s'%(ep['id'], '&starting_after='+cur if cur else ''))
    dl+=j['data']
    if not j['has_more']: break
    cur=j['data'][-1]['id']
evt_order={}
# map event->order via event listing is not needed: split by creation time of deliveries (A first)
dl.sort(key=lambda d:d['event_id'])
A=[d for d in dl][:300]; Bd=[d for d in dl][300:]
print("deliveries", len(dl), "statuses", {s:sum(1 for d in dl if d['status']==s) for s in set(d['status'] for d in dl)}, flush=True)
Aev=[d['event_id'] for d in A]; Bev=[d['event_id'] for d in Bd]
RET=float(sys.argv[5])
# resend A at t0 + RET*0.6
time.sleep(max(0, t0+RET*0.6-time.time()))
tR=time.time()
def rs(d): return call('POST','/v1/deliveries/%s/retry'%d['id'])[0]
with ThreadPoolExecutor(4) as ex: codes=list(ex.map(rs, A))
print(f"resent A at {tR-t0:.1f}s..{time.time()-t0:.1f}s codes", {c:codes.count(c) for c in set(codes)}, flush=True)
while time.time()-t0 < RET*0.6+RET+25:
    print(f"t={time.time()-t0:5.1f}s  A(kept) events left={count_events(Aev):3d}/300  B(other old) left={count_events(Bev):3d}/50", flush=True)
    time.sleep(5)
