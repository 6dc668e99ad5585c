// Sequential GETs on one keep-alive connection; prints the latency percentiles (ms, µs precision).
// Runs in its own process so the backend under test has the CPU the client does not use.
import http from 'node:http';

const [url, n = '3000', auth = ''] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = () =>
  new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get(url, { agent, headers: { authorization: auth } }, res => {
        res.resume();
        res.on('end', () =>
          resolve([Number(process.hrtime.bigint() - t0) / 1e6, res.statusCode]),
        );
      })
      .on('error', reject);
  });
const lat = [];
let errors = 0;
for (let i = 0; i < Number(n) / 5; i++) await get(); // warm-up
for (let i = 0; i < Number(n); i++) {
  const [ms, status] = await get();
  if (status !== 200) errors++;
  lat.push(ms);
}
lat.sort((a, b) => a - b);
const q = p => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
console.log(JSON.stringify({ p50: q(0.5), p90: q(0.9), p99: q(0.99), errors }));
agent.destroy();
