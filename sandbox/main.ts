import { startSandbox } from './index.js';

// `npm run sandbox`: the five simulators on fixed loopback ports, for tools outside this process.
const base = Number(process.env.SANDBOX_PORT ?? 4100);
const sandbox = await startSandbox({
  host: process.env.SANDBOX_HOST ?? '127.0.0.1',
  ports: { control: base, insee: base + 1, 'data-inclusion': base + 2, lemarche: base + 3, inserjeunes: base + 4, datagouv: base + 5 },
});

console.log('Sandbox upstreams are listening. Point the server at them with:\n');
for (const [name, value] of Object.entries(sandbox.env)) console.log(`${name}=${value}`);
console.log(`\nControl routes (counters, faults, latency): ${sandbox.urls.control}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
