// A shaping proxy for the network benchmark: one shared link, as a school uplink is, on the
// loopback. Every connection through it shares one downstream rate (served round-robin in
// packet-sized pieces, so parallel downloads split the link as TCP flows roughly do), and
// every byte each way is delayed by half the round trip; a new connection costs one round
// trip before its first request reaches the server (the TCP handshake). Counts the bytes
// that reached the browser, over time.
import net from 'node:net';

const PIECE = 1460; // one TCP segment's payload
const TICK_MS = 5;
// The server's side is read at once and queued here (never paused): a paused socket looks
// idle to the server, whose keep-alive timeout would then reset it with bytes still unread.

/** Starts the proxy in front of `target` ({ host, port }); resolves to { port, bytes(), stop() }. */
export async function startShapingProxy({ target, bitsPerSecond = 1.6e6, rttMs = 150 }) {
  const bytesPerMs = bitsPerSecond / 8 / 1000;
  const half = rttMs / 2;
  const links = new Set(); // { client, server, queue: Buffer[], queued }
  let delivered = 0;
  let budget = 0;
  let last = performance.now();
  let turn = 0;

  const ticker = setInterval(() => {
    const now = performance.now();
    budget = Math.min(budget + (now - last) * bytesPerMs, 64 * PIECE); // no saving up while idle
    last = now;
    const busy = [...links].filter((l) => l.queued > 0);
    while (budget >= 1 && busy.some((l) => l.queued > 0)) {
      const link = busy[turn % busy.length];
      turn += 1;
      if (!link.queued) continue;
      const head = link.queue[0];
      const size = Math.min(PIECE, head.length, Math.floor(budget) || 1);
      const piece = head.subarray(0, size);
      if (size === head.length) link.queue.shift(); else link.queue[0] = head.subarray(size);
      link.queued -= size;
      budget -= size;
      setTimeout(() => {
        if (link.client.destroyed) return;
        link.client.write(piece);
        delivered += size;
      }, half);
    }
  }, TICK_MS);

  const proxy = net.createServer((client) => {
    const server = net.connect(target.port, target.host);
    const link = { client, server, queue: [], queued: 0 };
    links.add(link);
    const opened = performance.now() + rttMs; // the handshake's round trip
    client.on('data', (chunk) => {
      const wait = Math.max(half, opened - performance.now() + half);
      setTimeout(() => { if (!server.destroyed) server.write(chunk); }, wait);
    });
    server.on('data', (chunk) => {
      link.queue.push(chunk);
      link.queued += chunk.length;
    });
    server.on('end', () => {
      const close = () => (link.queued ? setTimeout(close, 20) : setTimeout(() => client.end(), half + 5));
      close();
    });
    const drop = () => { links.delete(link); client.destroy(); server.destroy(); };
    client.on('error', drop);
    client.on('close', drop);
    // The server side closing (its keep-alive timeout) ends the client's once the queue is out.
    server.on('error', () => server.emit('end'));
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: proxy.address().port,
    /** Bytes delivered to the browser so far. */
    bytes: () => delivered,
    stop() {
      clearInterval(ticker);
      for (const link of links) { link.client.destroy(); link.server.destroy(); }
      proxy.close();
    },
  };
}
