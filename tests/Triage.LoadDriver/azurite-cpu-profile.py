# Samples a running Azurite service's CPU (any Node.js process) for a while and prints where the time
# went: the functions with the most time of their own, then the most time inclusive of their callees.
# The process must listen for a debugger: `kill -USR1 <pid>` opens Node's inspector on 127.0.0.1:9229.
# Usage: kill -USR1 <pid>; python3 tests/Triage.LoadDriver/azurite-cpu-profile.py [seconds] [port]
# No packages needed: a minimal WebSocket client speaks the inspector's protocol (Profiler domain).
import base64, collections, json, os, socket, struct, sys, time, urllib.request

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20
port = int(sys.argv[2]) if len(sys.argv) > 2 else 9229
target = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))[0]["webSocketDebuggerUrl"]
sock = socket.create_connection(("127.0.0.1", port))
sock.sendall((f"GET {target.split(str(port), 1)[1]} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
              f"Connection: Upgrade\r\nSec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n").encode())
pending = b""
while b"\r\n\r\n" not in pending:
    pending += sock.recv(4096)
pending = pending.split(b"\r\n\r\n", 1)[1]

def take(n):
    global pending
    while len(pending) < n:
        pending += sock.recv(1 << 20)
    chunk, pending = pending[:n], pending[n:]
    return chunk

def call(id, method, params=None):
    data, mask = json.dumps({"id": id, "method": method, "params": params or {}}).encode(), os.urandom(4)
    n = len(data)
    header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
    while True:
        message = b""
        while True:
            first, second = take(2)
            n = second & 0x7F
            n = struct.unpack(">H", take(2))[0] if n == 126 else struct.unpack(">Q", take(8))[0] if n == 127 else n
            message += take(n)
            if first & 0x80:
                break
        reply = json.loads(message)
        if reply.get("id") == id:
            return reply

call(1, "Profiler.enable")
call(2, "Profiler.setSamplingInterval", {"interval": 1000})
call(3, "Profiler.start")
time.sleep(seconds)
profile = call(4, "Profiler.stop")["result"]["profile"]

nodes = {n["id"]: n for n in profile["nodes"]}
parent = {child: n["id"] for n in profile["nodes"] for child in n.get("children", [])}
name = lambda id: "{} {}:{}".format(nodes[id]["callFrame"]["functionName"] or "(anonymous)",
                                    nodes[id]["callFrame"]["url"].split("/")[-1], nodes[id]["callFrame"]["lineNumber"])
own, inclusive = collections.Counter(), collections.Counter()
for sample, micros in zip(profile["samples"], profile["timeDeltas"]):
    own[name(sample)] += micros
    seen, node = set(), sample
    while node is not None:
        if name(node) not in seen:
            seen.add(name(node))
            inclusive[name(node)] += micros
        node = parent.get(node)
total = sum(own.values()) or 1
for title, counter, top in (("own time", own, 15), ("inclusive time", inclusive, 30)):
    print(f"--- {title}, of {total / 1e6:.1f} s sampled")
    for function, micros in counter.most_common(top):
        print(f"{micros / total * 100:5.1f}%  {function}")
