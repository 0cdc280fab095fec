# Sums the Azurite table service's time per request kind from its debug log (AZURITE_TABLE_DEBUG, see
# AzuriteProcess.cs): count, total ms, and the average ms per request kind in each minute of the run.
# Usage: python3 tests/Triage.LoadDriver/azurite-table-ops.py /tmp/azurite-table-debug.log
import re, sys, collections, urllib.parse
from datetime import datetime
path=sys.argv[1]
start={}; last={}; key={}
rx=re.compile(r'^(\S+) (\S{36}) (\w+): (.*)$')
for line in open(path, errors='replace'):
    m=rx.match(line)
    if not m: continue
    ts,rid,lvl,msg=m.groups()
    if 'RequestMethod=' in msg and 'RequestURL=' in msg:
        meth=re.search(r'RequestMethod=(\S+)',msg).group(1)
        url=re.search(r'RequestURL=(\S+)',msg).group(1)
        u=urllib.parse.urlparse(url); q=urllib.parse.parse_qs(u.query)
        p=urllib.parse.unquote(u.path).split('/')
        table=p[2] if len(p)>2 else ''
        table=re.sub(r"\(.*","",table)
        table=re.sub(r"^t[0-9a-f]{10,}","HUB",table)
        filt=q.get('$filter',[''])[0]
        shape=re.sub(r"'[^']*'","'x'",filt)
        shape=re.sub(r"datetime'x'|datetime\S+","T",shape)
        point = "(PartitionKey=" in urllib.parse.unquote(u.path)
        key[rid]=(meth,table,'point' if point else shape[:90])
        start[rid]=ts
    if rid in start: last[rid]=ts
def t(s): return datetime.fromisoformat(s.replace('Z','+00:00'))
agg=collections.defaultdict(lambda:[0,0.0])
t0=None
for rid,k in key.items():
    if rid not in last: continue
    a=t(start[rid]); b=t(last[rid])
    t0 = a if t0 is None or a<t0 else t0
for rid,k in key.items():
    if rid not in last: continue
    a=t(start[rid]); b=t(last[rid]); minute=int((a-t0).total_seconds()//60)
    g=agg[(minute,)+k]; g[0]+=1; g[1]+=(b-a).total_seconds()*1000
tot=collections.defaultdict(lambda:[0,0.0])
for (mi,*k),v in agg.items():
    tot[tuple(k)][0]+=v[0]; tot[tuple(k)][1]+=v[1]
print("top by total ms over the run: count, total ms, per-minute ms (first..last)")
mins=sorted({k[0] for k in agg})
for k,v in sorted(tot.items(), key=lambda kv:-kv[1][1])[:22]:
    per=[round(agg[(m,)+k][1]/max(1,agg[(m,)+k][0]),1) if (m,)+k in agg else '-' for m in mins]
    print(v[0], round(v[1]), k, 'avg ms/min:', per)
